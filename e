clv: error: examples/contracts.csv is a contracts file (customer_id, tenure, churned): fit it with clv fit --model sbg, or forecast it with --model SBG.json (from clv fit --model sbg)
