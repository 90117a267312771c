clv: error: --years is the forecast's length with --model; customer records carry their own lifetime
