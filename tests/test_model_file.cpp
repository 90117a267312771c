#include "clv/io/model_file.hpp"

#include "clv/error.hpp"
#include "clv/input/forecast_sources.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <unistd.h>
#include <string>

namespace {

using clv::io::ModelFile;
using clv::models::ModelKind;

ModelFile bg_nbd_model() {
  ModelFile model;
  model.fit.kind = ModelKind::bg_nbd;
  // Values that need all 17 digits to come back exactly.
  model.fit.parameters = {0.1 + 0.2, 1.0 / 3.0, 0.7930177001733, 2.4259440434};
  model.fit.standard_errors = {0.0125, 0.378, 0.185, 0.7048};
  model.fit.covariance = {{1.0 / 7.0, 2e-5, 3e-5, 4e-5},
                          {2e-5, 0.14, -1.0 / 9.0, 5e-300},
                          {3e-5, -1.0 / 9.0, 0.034, 1e-3},
                          {4e-5, 5e-300, 1e-3, 0.49}};
  model.fit.log_likelihood = -9582.4292;
  model.fit.iterations = 31;
  model.fit.converged = true;
  model.fit.customers = 2357;
  model.fit.rows = 2357;
  model.unit = clv::TimeUnit::weeks;
  model.observation_end = "1997-09-30";
  model.penalizer = 0.001;
  return model;
}

std::string parse_error(const std::string& text) {
  try {
    (void)clv::io::parse_model_json(text, "m.json");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    return error.describe();
  }
  return "";
}

std::string with_parameters(const std::string& kind, const std::string& parameters) {
  return R"({"clv_model": 1, "model": ")" + kind + R"(", "parameters": )" + parameters + "}";
}

}  // namespace

TEST_CASE("model file: a round trip keeps every number exactly") {
  const ModelFile model = bg_nbd_model();
  const std::string text = clv::io::model_to_json(model);
  CHECK(text.find("\"model\": \"bgnbd\"") != std::string::npos);
  CHECK(text.find("\"time_unit\": \"weeks\"") != std::string::npos);
  const ModelFile back = clv::io::parse_model_json(text, "m.json");
  CHECK(back.fit.kind == ModelKind::bg_nbd);
  CHECK(back.fit.parameters == model.fit.parameters);
  CHECK(back.fit.standard_errors == model.fit.standard_errors);
  CHECK(back.fit.covariance == model.fit.covariance);
  CHECK(back.fit.log_likelihood == model.fit.log_likelihood);
  CHECK(back.fit.iterations == 31);
  CHECK(back.fit.converged);
  CHECK(back.fit.customers == 2357.0);
  CHECK(back.fit.rows == 2357U);
  CHECK(back.unit == clv::TimeUnit::weeks);
  CHECK(back.observation_end == std::optional<std::string>("1997-09-30"));
  CHECK(back.penalizer == 0.001);
  // Written twice, the same bytes.
  CHECK(clv::io::model_to_json(back) == text);
}

TEST_CASE("model file: unknown unit and absent errors are written as null") {
  ModelFile model = bg_nbd_model();
  model.unit.reset();
  model.observation_end.reset();
  model.fit.standard_errors.clear();
  model.fit.covariance.clear();
  const std::string text = clv::io::model_to_json(model);
  CHECK(text.find("\"time_unit\": null") != std::string::npos);
  CHECK(text.find("\"standard_errors\": null") != std::string::npos);
  const ModelFile back = clv::io::parse_model_json(text, "m.json");
  CHECK_FALSE(back.unit.has_value());
  CHECK_FALSE(back.observation_end.has_value());
  CHECK(back.fit.standard_errors.empty());
  CHECK(back.fit.covariance.empty());
}

TEST_CASE("model file: Gamma-Gamma parameters by name, in order") {
  const ModelFile model =
      clv::io::parse_model_json(with_parameters("gg", R"({"gamma": 15.44, "p": 6.25, "q": 3.74})"), "gg.json");
  CHECK(model.fit.kind == ModelKind::gamma_gamma);
  CHECK(model.fit.parameters == std::vector<double>{6.25, 3.74, 15.44});
  CHECK_FALSE(model.unit.has_value());
}

TEST_CASE("model file: malformed files are refused with the field at fault") {
  CHECK(parse_error("{\n  \"clv_model\": 1,\n  \"model\" \"bgnbd\"\n}") ==
        // nlohmann blames the end of the string literal where ':' was due: line 3, column 17.
        "m.json:3:17: not a clv model file (invalid JSON: syntax error while parsing object separator - "
        "unexpected string literal; expected ':')");
  CHECK(parse_error(R"({"model": "bgnbd"})") ==
        "m.json: not a clv model file (no \"clv_model\" key; make one with `clv fit --save`)");
  CHECK(parse_error(R"({"clv_model": 2, "model": "bgnbd"})") ==
        "m.json: clv_model: version 2 is not supported (this clv reads version 1)");
  CHECK(parse_error(with_parameters("nbd", "{}")) ==
        "m.json: model: \"nbd\" is not a model kind (bgnbd, pnbd, mbgnbd, gg, sbg or bgbb)");
  CHECK(parse_error(with_parameters("pnbd", R"({"r": 1, "alpha": 2, "s": 3})")) ==
        "m.json: parameters.beta: missing from the model file");
  CHECK(parse_error(with_parameters("pnbd", R"({"r": 1, "alpha": 2, "s": 3, "beta": 4, "a": 1})")) ==
        "m.json: parameters.a: is not a parameter of pnbd (expected r, alpha, s, beta)");
  CHECK(parse_error(with_parameters("gg", R"({"p": 1, "q": -2, "gamma": 3})")) ==
        "m.json: parameters.q: -2 is not positive");
  CHECK(parse_error(with_parameters("gg", R"({"p": 1, "q": 0, "gamma": 3})")) ==
        "m.json: parameters.q: 0 is not positive");
  CHECK(parse_error(with_parameters("gg", R"({"p": "1", "q": 2, "gamma": 3})")) ==
        "m.json: parameters.p: is string, not a number");
  CHECK(parse_error(R"({"clv_model": 1, "model": "gg", "parameters": {"p": 1, "q": 2, "gamma": 3},
                       "time_unit": "fortnights"})") ==
        "m.json: time_unit: \"fortnights\" is not a time unit (days, weeks, months or null)");
}

TEST_CASE("model file: a model of the wrong kind or unit is a usage error naming the file") {
  const ModelFile purchase = bg_nbd_model();
  const ModelFile spend =
      clv::io::parse_model_json(with_parameters("gg", R"({"p": 6.25, "q": 3.74, "gamma": 15.44})"), "gg.json");
  using clv::io::ModelRole;
  CHECK_NOTHROW(clv::io::require_role(purchase, ModelRole::purchase, "bg.json"));
  CHECK_NOTHROW(clv::io::require_role(spend, ModelRole::spend, "gg.json"));
  try {
    clv::io::require_role(spend, ModelRole::purchase, "gg.json");
    FAIL("a spend model was accepted as a purchase model");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::usage);
    CHECK(error.describe() ==
          "gg.json: is a Gamma-Gamma spend model; a purchase model (bgnbd, pnbd or mbgnbd) is needed here (give "
          "the spend model with --spend-model)");
  }
  CHECK_THROWS_WITH(clv::io::require_role(purchase, ModelRole::spend, "bg.json"),
                    "bg.json: is a bgnbd purchase model; a Gamma-Gamma spend model (gg) is needed here");

  const ModelFile contract =
      clv::io::parse_model_json(with_parameters("sbg", R"({"alpha": 0.704, "beta": 1.182})"), "sbg.json");
  CHECK(contract.fit.kind == ModelKind::sbg);
  CHECK_NOTHROW(clv::io::require_role(contract, ModelRole::contract, "sbg.json"));
  CHECK_THROWS_WITH(clv::io::require_role(contract, ModelRole::purchase, "sbg.json"),
                    "sbg.json: is an sBG contract model; a purchase model (bgnbd, pnbd or mbgnbd) is needed here");
  const ModelFile discrete = clv::io::parse_model_json(
      with_parameters("bgbb", R"({"alpha": 1.204, "beta": 0.75, "gamma": 0.657, "delta": 2.783})"), "bgbb.json");
  CHECK_NOTHROW(clv::io::require_role(discrete, ModelRole::discrete_purchase, "bgbb.json"));
  CHECK_THROWS_WITH(clv::io::require_role(discrete, ModelRole::contract, "bgbb.json"),
                    "bgbb.json: is a BG/BB discrete-time purchase model; an sBG contract model (sbg) is needed here");
  CHECK_THROWS_WITH(clv::io::require_role(purchase, ModelRole::discrete_purchase, "bg.json"),
                    "bg.json: is a bgnbd purchase model; a BG/BB model (bgbb) is needed here");
  // A BG/NBD parameter in an sBG file is refused by name.
  CHECK(parse_error(with_parameters("sbg", R"({"alpha": 1, "beta": 2, "r": 3})")) ==
        "m.json: parameters.r: is not a parameter of sbg (expected alpha, beta)");

  CHECK_NOTHROW(clv::io::require_unit(purchase, clv::TimeUnit::weeks, "bg.json"));
  CHECK_NOTHROW(clv::io::require_unit(purchase, std::nullopt, "bg.json"));
  CHECK_NOTHROW(clv::io::require_unit(spend, clv::TimeUnit::days, "gg.json"));  // unit unknown: no check
  CHECK_THROWS_WITH(clv::io::require_unit(purchase, clv::TimeUnit::days, "bg.json"),
                    "bg.json: the model was fitted in weeks, but --unit says days: refit in days or drop --unit");
}

TEST_CASE("model file: gradient_norm is a JSON number, and files without it (older clv) still read") {
  ModelFile model = bg_nbd_model();
  model.fit.gradient_norm = 3.0412830846745923e-14;
  const std::string text = clv::io::model_to_json(model);
  CHECK(text.find("\"gradient_norm\": 3.0412830846745923e-14") != std::string::npos);
  CHECK(clv::io::parse_model_json(text, "m.json").fit.gradient_norm == 3.0412830846745923e-14);
  // The shipped example files predate the field: read, and the norm is unknown.
  const std::string k_parameters = R"({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43})";
  const ModelFile old = clv::io::parse_model_json(with_parameters("bgnbd", k_parameters), "m.json");
  CHECK(std::isnan(old.fit.gradient_norm));
  CHECK(std::isnan(clv::io::parse_model_json(R"({"clv_model": 1, "model": "bgnbd", "gradient_norm": null,
      "parameters": {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}})", "m.json").fit.gradient_norm));
  CHECK(parse_error(R"({"clv_model": 1, "model": "bgnbd", "gradient_norm": "1.2e-12",
      "parameters": {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}})").find("gradient_norm") != std::string::npos);
}

TEST_CASE("model file: the input layer reads a model file once, as a pipe can be read only once") {
  char pattern[] = "/tmp/clv_model_once_XXXXXX";
  const int descriptor = mkstemp(pattern);
  REQUIRE(descriptor >= 0);
  close(descriptor);
  const std::string path = pattern;
  std::ofstream(path) << clv::io::model_to_json(bg_nbd_model());
  const clv::io::ModelFile& first = clv::input::model_file(path);
  CHECK(first.fit.parameters == bg_nbd_model().fit.parameters);
  // What a pipe gives when read again: nothing. The records read the first time are used.
  std::ofstream(path, std::ios::trunc).flush();
  const clv::io::ModelFile& second = clv::input::model_file(path);
  CHECK(&second == &first);
  CHECK(clv::input::read_model(path, clv::io::ModelRole::purchase, clv::TimeUnit::weeks).fit.parameters ==
        bg_nbd_model().fit.parameters);
  CHECK_THROWS_AS(clv::io::read_model_file(path), clv::Error);
  std::remove(path.c_str());
}

TEST_CASE("model file: a key named twice is refused where the second one starts, not the last value kept") {
  // "r" twice in "parameters": the second opens on line 4, column 5 (counted by hand).
  CHECK(parse_error("{\"clv_model\": 1, \"model\": \"bgnbd\",\n \"parameters\": {\n    \"r\": 0.24,\n    "
                    "\"r\": 4.41, \"alpha\": 4.41, \"a\": 0.79, \"b\": 2.43}}") ==
        "m.json:4:5: parameters.r: duplicate key \"r\"");
  // At the top level, the field is the key itself; a key written with an escaped quote is still
  // found from its opening quote (columns counted by hand).
  CHECK(parse_error(R"({"clv_model": 1, "model": "gg", "model": "gg"})") ==
        "m.json:1:33: model: duplicate key \"model\"");
  CHECK(parse_error(R"({"clv_model": 1, "x": {"a\"b": 1, "a\"b": 2}})") ==
        "m.json:1:35: x.a\"b: duplicate key \"a\"b\"");
  // Inside arrays the elements are counted from 0; the same key in two objects is no duplicate.
  CHECK(parse_error(R"({"clv_model": 1, "covariance": [[1], {"k": 1}, {"k": 1, "k": 2}]})") ==
        "m.json:1:57: covariance[2].k: duplicate key \"k\"");
  // Past 32 keys an object is checked through a hash set: the same answer.
  std::string many = R"({"clv_model": 1, "x": {)";
  for (int i = 0; i < 40; ++i) {
    many += "\"k" + std::to_string(i) + "\": 0, ";
  }
  const std::size_t second = many.size() + 1;
  many += R"("k7": 1}})";
  CHECK(parse_error(many) == "m.json:1:" + std::to_string(second) + ": x.k7: duplicate key \"k7\"");
}

TEST_CASE("model file: an object of more than 1,000 keys is refused at its 1,001st key") {
  std::string wide = R"({"clv_model": 1, "x": {)";
  for (int i = 0; i < 1000; ++i) {
    wide += "\"k" + std::to_string(i) + "\": 0, ";
  }
  const std::size_t extra = wide.size() + 1;  // 1-based column of the 1,001st key's quote
  wide += R"("k1000": 1}})";
  CHECK(parse_error(wide) == "m.json:1:" + std::to_string(extra) + ": x.k1000: an object with more than 1000 keys");
  // 1,000 keys are fine (the file then fails for what it lacks, not for its width).
  std::string full = wide.substr(0, extra - 3) + "}}";
  CHECK(parse_error(full).find("more than 1000 keys") == std::string::npos);
}
