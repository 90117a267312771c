#pragma once
// The tests' reference for interval bounds: the forecast redone, one draw at a time, with the
// drawn parameters in place of the fitted ones.

#include "clv/forecast_interval.hpp"
#include "clv/models/model.hpp"

#include <cstddef>

// Calls visit(purchase, spend) once per draw, in draw order, with both models carrying that
// draw's parameters.
template <typename Visit>
void for_each_draw(const clv::models::FitResult& purchase, const clv::models::FitResult& spend,
                   const clv::ParameterDraws& draws, Visit visit) {
  for (std::size_t d = 0; d < draws.purchase.size(); ++d) {
    clv::models::FitResult drawn_purchase = purchase;
    drawn_purchase.parameters = draws.purchase[d];
    clv::models::FitResult drawn_spend = spend;
    drawn_spend.parameters = draws.spend[d];
    visit(drawn_purchase, drawn_spend);
  }
}
