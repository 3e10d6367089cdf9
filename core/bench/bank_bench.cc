// Native core throughput (BENCHMARKS.md). Compare figures side by side within
// one run: ops/s at 1,000 accounts against 1,000,000, and the typed API
// against a JSON line per op.
#include <benchmark/benchmark.h>

#include <string>

#include "wasmbank/bank.h"

namespace {

wasmbank::Bank MakeBank(int accounts) {
  wasmbank::Bank bank;
  wasmbank::AccountSpec spec;
  spec.name = "Customer";
  spec.balance = wasmbank::Amount::Minor(100000000);
  for (spec.id = 1; spec.id <= accounts; ++spec.id) bank.Open(spec);
  return bank;
}

// A cheap deterministic spread of account ids.
int32_t Pick(uint64_t* state, int accounts) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<int32_t>((*state >> 33) % accounts) + 1;
}

const wasmbank::Amount kOneCent = wasmbank::Amount::Minor(1);

void BM_TransferFastPath(benchmark::State& state) {
  const int accounts = static_cast<int>(state.range(0));
  wasmbank::Bank bank = MakeBank(accounts);
  uint64_t seed = 42;
  for (auto _ : state) {
    int32_t from = Pick(&seed, accounts);
    int32_t to = from % accounts + 1;
    benchmark::DoNotOptimize(bank.Transfer(from, to, kOneCent));
  }
  state.SetItemsProcessed(state.iterations());
}
// A fixed number of transfers on a fresh bank, as the JS side of
// `npm run bench` does: the journal grows by the same amount in both, so the
// figures compare like with like (and do not drift with a growing journal).
constexpr int64_t kTransfers = 2000000;
BENCHMARK(BM_TransferFastPath)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(1000000)
    ->Iterations(kTransfers)
    ->Repetitions(3)
    ->ReportAggregatesOnly();

// The same 1,000 busy accounts, spread over banks of 1,000 and 1,000,000
// accounts: what the data structures cost as the bank grows, apart from the
// cache misses that uniformly random access over 1,000,000 accounts adds.
void BM_TransferHotSet(benchmark::State& state) {
  const int accounts = static_cast<int>(state.range(0));
  const int stride = accounts / 1000;
  wasmbank::Bank bank = MakeBank(accounts);
  uint64_t seed = 42;
  for (auto _ : state) {
    int32_t from = (Pick(&seed, 1000) - 1) * stride + 1;
    int32_t to = (from + stride - 1) % accounts + 1;
    benchmark::DoNotOptimize(bank.Transfer(from, to, kOneCent));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransferHotSet)
    ->Arg(1000)
    ->Arg(1000000)
    ->Iterations(kTransfers)
    ->Repetitions(3)
    ->ReportAggregatesOnly();

void BM_TransferJsonLine(benchmark::State& state) {
  const int accounts = static_cast<int>(state.range(0));
  wasmbank::Bank bank = MakeBank(accounts);
  uint64_t seed = 42;
  std::string line;
  for (auto _ : state) {
    int32_t from = Pick(&seed, accounts);
    line = R"({"op":"transfer","from":)" + std::to_string(from) + R"(,"to":)" +
           std::to_string(from % accounts + 1) + R"(,"amount":"0.01"})";
    benchmark::DoNotOptimize(bank.ExecuteLine(line));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransferJsonLine)->Arg(1000)->Arg(1000000);

void BM_ExportAndVerify(benchmark::State& state) {
  wasmbank::Bank bank = MakeBank(1000);
  for (int i = 0; i < state.range(0); ++i)
    bank.Transfer(i % 1000 + 1, (i + 1) % 1000 + 1, kOneCent);
  for (auto _ : state) {
    benchmark::DoNotOptimize(bank.ExecuteLine(R"({"op":"verify"})"));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ExportAndVerify)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
