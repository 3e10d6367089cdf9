// The two containers behind the ledger, checked against the standard ones.
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

#include "chunked_vector.h"
#include "id_index.h"

namespace wasmbank {
namespace {

TEST(IdIndexTest, MatchesUnorderedMapUnderInsertsAndErases) {
  IdIndex index;
  std::unordered_map<int32_t, uint32_t> model;
  std::mt19937 random(7);
  for (int step = 0; step < 200000; ++step) {
    // Small id ranges make long probe chains and many collisions.
    int32_t id = static_cast<int32_t>(random() % 5000) + 1;
    if (random() % 3 == 0) {
      index.Erase(id);
      model.erase(id);
    } else if (!model.count(id)) {
      index.Insert(id, static_cast<uint32_t>(step));
      model[id] = static_cast<uint32_t>(step);
    }
    int32_t probe = static_cast<int32_t>(random() % 5200) + 1;
    auto it = model.find(probe);
    ASSERT_EQ(index.Find(probe),
              it == model.end() ? IdIndex::kMissing : it->second);
  }
  for (auto [id, value] : model) ASSERT_EQ(index.Find(id), value);
}

TEST(IdIndexTest, ExtremeIds) {
  IdIndex index;
  EXPECT_EQ(index.Find(1), IdIndex::kMissing);
  index.Insert(2147483647, 1);
  index.Insert(1, 2);
  EXPECT_EQ(index.Find(2147483647), 1u);
  EXPECT_EQ(index.Find(1), 2u);
  index.Erase(2147483647);
  EXPECT_EQ(index.Find(2147483647), IdIndex::kMissing);
  EXPECT_EQ(index.Find(1), 2u);
}

TEST(ChunkedVectorTest, PushPopAcrossChunks) {
  ChunkedVector<uint64_t, 4> values;  // 16 per chunk
  std::vector<uint64_t> model;
  std::mt19937 random(3);
  for (int step = 0; step < 20000; ++step) {
    if (!model.empty() && random() % 4 == 0) {
      values.pop_back();
      model.pop_back();
    } else {
      values.push_back(step);
      model.push_back(step);
    }
    ASSERT_EQ(values.size(), model.size());
    if (!model.empty()) {
      ASSERT_EQ(values.back(), model.back());
    }
  }
  for (size_t i = 0; i < model.size(); ++i) {
    ASSERT_EQ(values[i], model[i]);
  }
}

}  // namespace
}  // namespace wasmbank
