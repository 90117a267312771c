#include "clv/models/model.hpp"

#include "clv/error.hpp"
#include "clv/models/bg_nbd.hpp"
#include "clv/models/gamma_gamma.hpp"
#include "clv/models/mbg_nbd.hpp"
#include "clv/models/pareto_nbd.hpp"

#include <fmt/format.h>

namespace clv::models {
namespace {

void check_count(ModelKind kind, std::span<const double> parameters) {
  if (kind == ModelKind::sbg || kind == ModelKind::bg_bb) {
    // Their formulas live in sbg.hpp and bg_bb.hpp, with their own data.
    throw data_error(fmt::format("the {} model is not a continuous-time purchase model", model_name(kind)));
  }
  const std::size_t expected = kind == ModelKind::gamma_gamma ? 3 : 4;
  if (parameters.size() != expected) {
    throw data_error(fmt::format("the {} model has {} parameters, got {}", model_name(kind), expected,
                                 parameters.size()));
  }
}

}  // namespace

std::string_view model_display_name(ModelKind kind) noexcept {
  switch (kind) {
    case ModelKind::bg_nbd: return "BG/NBD";
    case ModelKind::pareto_nbd: return "Pareto/NBD";
    case ModelKind::mbg_nbd: return "MBG/NBD";
    case ModelKind::gamma_gamma: return "Gamma-Gamma";
    case ModelKind::sbg: return "sBG";
    case ModelKind::bg_bb: return "BG/BB";
  }
  return "model";
}

std::string_view model_name(ModelKind kind) noexcept {
  switch (kind) {
    case ModelKind::bg_nbd:
      return "bgnbd";
    case ModelKind::pareto_nbd:
      return "pnbd";
    case ModelKind::mbg_nbd:
      return "mbgnbd";
    case ModelKind::gamma_gamma:
      return "gg";
    case ModelKind::sbg:
      return "sbg";
    case ModelKind::bg_bb:
      return "bgbb";
  }
  return "unknown";
}

std::optional<ModelKind> parse_model_kind(std::string_view name) noexcept {
  for (ModelKind kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd, ModelKind::gamma_gamma,
                         ModelKind::sbg, ModelKind::bg_bb}) {
    if (name == model_name(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

std::vector<std::string> parameter_names(ModelKind kind) {
  switch (kind) {
    case ModelKind::bg_nbd:
    case ModelKind::mbg_nbd:
      return {"r", "alpha", "a", "b"};
    case ModelKind::pareto_nbd:
      return {"r", "alpha", "s", "beta"};
    case ModelKind::gamma_gamma:
      return {"p", "q", "gamma"};
    case ModelKind::sbg:
      return {"alpha", "beta"};
    case ModelKind::bg_bb:
      return {"alpha", "beta", "gamma", "delta"};
  }
  return {};
}

double log_likelihood(ModelKind kind, std::span<const double> parameters, std::span<const PurchaseHistory> data) {
  check_count(kind, parameters);
  if (kind == ModelKind::gamma_gamma) {
    throw data_error("gamma-gamma is a spend model: use spend_log_likelihood");
  }
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  double total = 0.0;
  for (const PurchaseHistory& c : data) {
    double ll = 0.0;
    switch (kind) {
      case ModelKind::bg_nbd:
        ll = bg_nbd::log_likelihood({p0, p1, p2, p3}, c.frequency, c.recency, c.age);
        break;
      case ModelKind::mbg_nbd:
        ll = mbg_nbd::log_likelihood({p0, p1, p2, p3}, c.frequency, c.recency, c.age);
        break;
      default:
        ll = pareto_nbd::log_likelihood({p0, p1, p2, p3}, c.frequency, c.recency, c.age);
        break;
    }
    total += c.weight * ll;
  }
  return total;
}

double spend_log_likelihood(std::span<const double> parameters, std::span<const SpendHistory> data) {
  check_count(ModelKind::gamma_gamma, parameters);
  double total = 0.0;
  for (const SpendHistory& c : data) {
    if (c.frequency > 0.0) {
      total += c.weight * gamma_gamma::log_likelihood({parameters[0], parameters[1], parameters[2]}, c.frequency,
                                                      c.average_spend);
    }
  }
  return total;
}

PurchaseForecast forecast(ModelKind kind, std::span<const double> parameters, const PurchaseHistory& customer,
                          double horizon) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  const double x = customer.frequency, t_x = customer.recency, T = customer.age;
  switch (kind) {
    // E[Y | x, t_x, T] = E[Y | alive, x, T] P(alive), as conditional_expected_transactions computes it.
    case ModelKind::bg_nbd: {
      const double alive = bg_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
      const double if_alive = bg_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, x, T, horizon);
      return {alive == 0.0 ? 0.0 : if_alive * alive, alive, if_alive};
    }
    case ModelKind::mbg_nbd: {
      const double alive = mbg_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
      const double if_alive = mbg_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, x, T, horizon);
      return {alive == 0.0 ? 0.0 : if_alive * alive, alive, if_alive};
    }
    case ModelKind::pareto_nbd: {
      const double alive = pareto_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
      const double if_alive = pareto_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, x, T, horizon);
      return {if_alive * alive, alive, if_alive};
    }
    case ModelKind::gamma_gamma:
    case ModelKind::sbg:
    case ModelKind::bg_bb:
      break;
  }
  throw data_error("gamma-gamma is a spend model: it does not forecast purchases");
}

double expected_transactions_if_alive(ModelKind kind, std::span<const double> parameters, double frequency,
                                      double age, double horizon) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  switch (kind) {
    case ModelKind::bg_nbd:
      return bg_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, frequency, age, horizon);
    case ModelKind::mbg_nbd:
      return mbg_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, frequency, age, horizon);
    case ModelKind::pareto_nbd:
      return pareto_nbd::expected_transactions_if_alive({p0, p1, p2, p3}, frequency, age, horizon);
    case ModelKind::gamma_gamma:
    case ModelKind::sbg:
    case ModelKind::bg_bb:
      break;
  }
  throw data_error("gamma-gamma is a spend model: it does not forecast purchases");
}

std::vector<double> expected_transactions_if_alive_path(ModelKind kind, std::span<const double> parameters,
                                                        double frequency, double age,
                                                        std::span<const double> horizons) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  if (kind == ModelKind::bg_nbd) {
    return bg_nbd::expected_transactions_if_alive_path({p0, p1, p2, p3}, frequency, age, horizons);
  }
  if (kind == ModelKind::mbg_nbd) {
    return mbg_nbd::expected_transactions_if_alive_path({p0, p1, p2, p3}, frequency, age, horizons);
  }
  std::vector<double> out(horizons.size());
  for (std::size_t k = 0; k < horizons.size(); ++k) {
    out[k] = expected_transactions_if_alive(kind, parameters, frequency, age, horizons[k]);
  }
  return out;
}

std::vector<double> expected_transactions_new_path(ModelKind kind, std::span<const double> parameters,
                                                   std::span<const double> times) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  if (kind == ModelKind::bg_nbd) {
    return bg_nbd::expected_transactions_new_path({p0, p1, p2, p3}, times);
  }
  if (kind == ModelKind::mbg_nbd) {
    return mbg_nbd::expected_transactions_new_path({p0, p1, p2, p3}, times);
  }
  std::vector<double> out(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    out[k] = expected_transactions_new(kind, parameters, times[k]);
  }
  return out;
}

double probability_alive(ModelKind kind, std::span<const double> parameters, const PurchaseHistory& customer) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  const double x = customer.frequency, t_x = customer.recency, T = customer.age;
  switch (kind) {
    case ModelKind::bg_nbd:
      return bg_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
    case ModelKind::mbg_nbd:
      return mbg_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
    case ModelKind::pareto_nbd:
      return pareto_nbd::probability_alive({p0, p1, p2, p3}, x, t_x, T);
    case ModelKind::gamma_gamma:
    case ModelKind::sbg:
    case ModelKind::bg_bb:
      break;
  }
  throw data_error("gamma-gamma is a spend model: it does not forecast purchases");
}

double expected_transactions_new(ModelKind kind, std::span<const double> parameters, double t) {
  check_count(kind, parameters);
  const double p0 = parameters[0], p1 = parameters[1], p2 = parameters[2], p3 = parameters[3];
  switch (kind) {
    case ModelKind::bg_nbd:
      return bg_nbd::expected_transactions_new({p0, p1, p2, p3}, t);
    case ModelKind::mbg_nbd:
      return mbg_nbd::expected_transactions_new({p0, p1, p2, p3}, t);
    case ModelKind::pareto_nbd:
      return pareto_nbd::expected_transactions_new({p0, p1, p2, p3}, t);
    case ModelKind::gamma_gamma:
    case ModelKind::sbg:
    case ModelKind::bg_bb:
      break;
  }
  throw data_error("gamma-gamma is a spend model: it does not forecast purchases");
}

double expected_average_spend(std::span<const double> parameters, double frequency, double average_spend) {
  check_count(ModelKind::gamma_gamma, parameters);
  return gamma_gamma::conditional_expected_average_spend({parameters[0], parameters[1], parameters[2]}, frequency,
                                                         average_spend);
}

}  // namespace clv::models
