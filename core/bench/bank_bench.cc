// Native core throughput (BENCHMARKS.md). Compare figures side by side within
// one run: ops/s at 1,000 accounts against 1,000,000, and the typed API
// against a JSON line per op.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "wasmbank/bank.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

#if defined(__GLIBC__)
// A fresh bank per repetition would otherwise get its 32 MB of journal as new
// pages from the kernel every time (glibc hands large blocks back on free):
// perf stat counts 8,000 page faults per 1,000,000 transfers, 2/3 of the run.
// Keeping freed memory in the process, as the wasm heap always does, makes
// native and wasm figures compare like with like. BENCHMARKS.md has both.
const bool kReuseFreedMemory = [] {
  if (std::getenv("WASMBANK_BENCH_FRESH_PAGES") != nullptr) return false;
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return true;
}();
#endif

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

// Bank::TransferMany, the loop behind JS transferMany, on the workload of
// `npm run bench`: 1,000,000 transfers of 1-100 minor units between random
// account i and i + 1, on a fresh bank each repetition.
void BM_TransferMany(benchmark::State& state) {
  const int accounts = static_cast<int>(state.range(0));
  constexpr size_t kCount = 1000000;
  std::vector<int32_t> from(kCount);
  std::vector<int32_t> to(kCount);
  std::vector<int64_t> minor(kCount);
  std::vector<uint8_t> codes(kCount);
  uint64_t seed = 42;
  for (size_t i = 0; i < kCount; ++i) {
    from[i] = Pick(&seed, accounts);
    to[i] = from[i] % accounts + 1;
    minor[i] = Pick(&seed, 100);
  }
  for (auto _ : state) {
    state.PauseTiming();
    wasmbank::Bank bank = MakeBank(accounts);
    state.ResumeTiming();
    benchmark::DoNotOptimize(bank.TransferMany({from, to, minor}, 0, codes));
  }
  state.SetItemsProcessed(state.iterations() * kCount);
}
BENCHMARK(BM_TransferMany)
    ->Arg(1000)
    ->Arg(10000)
    ->Iterations(1)
    ->Repetitions(5)
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

// A hold placed and captured whole: two ops (and two entries) an iteration,
// as the bench's per-call holds row does in JS.
void BM_HoldCapture(benchmark::State& state) {
  wasmbank::Bank bank = MakeBank(1000);
  uint64_t seed = 42;
  for (auto _ : state) {
    int32_t from = Pick(&seed, 1000);
    auto hold = bank.Hold(from, from % 1000 + 1, kOneCent);
    benchmark::DoNotOptimize(bank.Capture(hold->hold, wasmbank::Amount()));
  }
  state.SetItemsProcessed(2 * state.iterations());
}
BENCHMARK(BM_HoldCapture)->Iterations(1000000);

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
