#include "clv/error.hpp"
#include "clv/io/output_file.hpp"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace clv::io;

namespace {

// A fresh directory for one test, removed with everything in it at the end.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string name = "clv-test-output-XXXXXX";
    m_path = mkdtemp(name.data());
  }
  ~ScratchDirectory() {
    for (const std::string& entry : entries()) {
      std::remove((m_path + "/" + entry).c_str());
    }
    rmdir(m_path.c_str());
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  [[nodiscard]] std::string file(const std::string& name) const { return m_path + "/" + name; }

  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    if (DIR* directory = opendir(m_path.c_str())) {
      while (const dirent* entry = readdir(directory)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") {
          names.push_back(name);
        }
      }
      closedir(directory);
    }
    return names;
  }

 private:
  std::string m_path;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST_CASE("output: a file appears only at commit, keeping the old file's mode", "[output]") {
  ScratchDirectory scratch;
  const std::string path = scratch.file("out.csv");
  write_file(path, "old\n");
  chmod(path.c_str(), 0600);
  {
    Output output(path);
    output.write("new\n");
    CHECK(read_file(path) == "old\n");
    CHECK(scratch.entries().size() == 2);  // out.csv and its temporary
    output.commit();
  }
  CHECK(read_file(path) == "new\n");
  struct stat status {};
  REQUIRE(stat(path.c_str(), &status) == 0);
  CHECK((status.st_mode & 07777) == 0600);
  CHECK(scratch.entries() == std::vector<std::string>{"out.csv"});
}

TEST_CASE("output: a 255-byte name gets a temporary name within the limit", "[output]") {
  ScratchDirectory scratch;
  const std::string name(255, 'n');
  {
    Output output(scratch.file(name));
    output.write("x\n");
    for (const std::string& entry : scratch.entries()) {
      CHECK(entry.size() <= 255);
      CHECK(entry.find(".clv-tmp-") == 240);
    }
    output.commit();
  }
  CHECK(read_file(scratch.file(name)) == "x\n");
  CHECK(scratch.entries().size() == 1);
}

TEST_CASE("output: outputs committed together: one failure leaves every file as it was", "[output]") {
  ScratchDirectory scratch;
  const std::string model = scratch.file("model.json");
  write_file(model, "old\n");
  try {
    Output first(model);
    Output second("/dev/full");  // a device: written directly, and always full
    first.write("new model\n");
    second.write("table\n");
    commit_outputs({&first, &second});
    FAIL("writing to /dev/full succeeded");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::cannot_create);
    CHECK(error.describe() == "/dev/full: cannot write output: No space left on device");
  }
  CHECK(read_file(model) == "old\n");
  CHECK(scratch.entries() == std::vector<std::string>{"model.json"});
}

TEST_CASE("output: a directory is refused (exit 73)", "[output]") {
  try {
    Output output(".");
    FAIL("a directory was accepted as output");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::cannot_create);
    CHECK(error.describe() == ".: cannot write output: Is a directory");
  }
}

TEST_CASE("output: the signal handlers' cleanup removes uncommitted temporaries only", "[output]") {
  ScratchDirectory scratch;
  Output kept(scratch.file("kept.csv"));
  kept.write("kept\n");
  kept.commit();
  Output pending(scratch.file("pending.csv"));
  pending.write("half\n");
  REQUIRE(scratch.entries().size() == 2);
  remove_temporary_files();
  CHECK(scratch.entries() == std::vector<std::string>{"kept.csv"});
}
