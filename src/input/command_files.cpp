#include "clv/input/command_files.hpp"

#include <algorithm>
#include <array>

namespace clv::input {

namespace {

// --model turns FILE from customer records into a summary or log to forecast.
constexpr std::array k_forecast{FileSwitch{"--model", Use::summary_or_log}};
// rank: --values ranks a value list (given as --values FILE, read with FILE's table options).
constexpr std::array k_rank{FileSwitch{"--values", Use::values}, FileSwitch{"--model", Use::summary_or_log}};
// report: with --summary, FILE stays customer records even with --model.
constexpr std::array k_report{FileSwitch{"--summary", Use::customers}, FileSwitch{"--model", Use::summary_or_log}};

constexpr std::array k_commands{
    CommandFile{"value", Use::customers, k_forecast},
    CommandFile{"project", Use::customers, k_forecast},
    CommandFile{"validate", Use::customers, {}},
    CommandFile{"rank", Use::customers, k_rank},
    CommandFile{"segment", Use::customers, k_forecast},
    CommandFile{"report", Use::customers, k_report},
    CommandFile{"rfm", Use::log, {}},
    CommandFile{"fit", Use::summary_or_log, {}},
    CommandFile{"predict", Use::summary_or_log, {}},
    CommandFile{"at-risk", Use::summary_or_log, {}},
    CommandFile{"diagnose", Use::summary_or_log, {}},
    CommandFile{"compare", Use::summary_or_log, {}},
};

}  // namespace

const CommandFile* command_file(std::string_view command) noexcept {
  const auto found = std::find_if(k_commands.begin(), k_commands.end(),
                                  [&](const CommandFile& entry) { return entry.command == command; });
  return found == k_commands.end() ? nullptr : &*found;
}

}  // namespace clv::input
