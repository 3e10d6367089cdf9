// What the file store tests share (file_store_test.cc, store_seal_test.cc):
// reading and writing a store's bytes, splitting them into lines, and a
// fixture that gives each test a fresh directory with a store path in it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmbank/bank.h"
#include "wasmbank/contract.h"

namespace wasmbank::store_test {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Lines of `bytes`, each with its '\n'. A store's start (its format line and
// opening seal) stays one element: entry lines and seal lines keep the
// places they had before stores began with an opening seal.
inline std::vector<std::string> Lines(const std::string& bytes) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < bytes.size();) {
    const size_t end = bytes.find('\n', start) + 1;
    lines.push_back(bytes.substr(start, end - start));
    start = end;
  }
  if (lines.size() >= 2 && lines[0] + lines[1] == kStoreStart) {
    lines[0] += lines[1];
    lines.erase(lines.begin() + 1);
  }
  return lines;
}

inline std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += part;
  return out;
}

inline AccountSpec Spec(int32_t id, const char* name, int64_t minor) {
  AccountSpec spec;
  spec.id = id;
  spec.name = name;
  spec.balance = Amount::Minor(minor);
  return spec;
}

// A fresh directory per test (named after the test and this process), with
// path_ = DIR/bank.journal in it; removed afterwards.
class StoreDirTest : public ::testing::Test {
 protected:
  explicit StoreDirTest(const char* prefix) : prefix_(prefix) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "bank.journal").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string prefix_;
  std::filesystem::path dir_;
  std::string path_;
};

}  // namespace wasmbank::store_test
