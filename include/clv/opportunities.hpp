#pragma once
// A purchase log as the BG/BB model's discrete opportunities: time after each customer's first
// purchase is cut into periods of equal length (a year, a month ...); period 0 holds the first
// purchase, periods 1..n are the opportunities that ended by the observation end, and each is
// 1 if the customer bought in it (however often), else 0. frequency = the periods with a
// purchase, recency = the last of them, periods = n.

#include "clv/io/input.hpp"
#include "clv/io/transaction_reader.hpp"
#include "clv/models/bg_bb.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace clv {

// One customer's purchase days (any order, repeats allowed) as opportunities of `period_days`
// days each, observed up to and including `observation_end`.
[[nodiscard]] models::bg_bb::OpportunityHistory opportunities_of_customer(std::span<const io::DayNumber> days,
                                                                          double period_days,
                                                                          io::DayNumber observation_end);

struct OpportunityLogOptions {
  io::TransactionLogOptions log;
  double period_days = 365.25;
  std::optional<io::DayNumber> observation_end;  // default: the last purchase day in the log
};

struct OpportunityLog {
  std::vector<std::string> ids;  // in the order of first appearance in the log
  std::vector<models::bg_bb::OpportunityHistory> customers;
};

// Reads the log at `path` and turns each customer's purchases into opportunities. Purchases
// after the observation end are left out. Throws clv::Error for a log that cannot be read (as
// `clv rfm`) or has no purchases.
[[nodiscard]] OpportunityLog opportunities_from_log(const std::string& path, const OpportunityLogOptions& options);
// The same from a source already open (standard input whose header was looked at).
[[nodiscard]] OpportunityLog opportunities_from_log(io::InputSource& source, const OpportunityLogOptions& options);

}  // namespace clv
