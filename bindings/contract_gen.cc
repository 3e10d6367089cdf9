// Writes the package's contract.js and contract.d.ts from wasmbank/contract.h
// (the one place the codes, entry kinds, amount forms, limits, defaults and
// format line are declared). The wasm build compiles it with the same
// Emscripten as the package and runs it under node:
//
//   node wasm-bank-contract.js OUT_DIR   ->  OUT_DIR/contract.js, contract.d.ts
//
// It is plain C++ (only the standard library), so it builds natively too.
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmbank/contract.h"

namespace {

struct Code {
  std::string_view name, words;
};
constexpr Code kCodes[] = {
#define WASMBANK_CODE(name, text, words) {text, words},
    WASMBANK_ERROR_CODES(WASMBANK_CODE)
#undef WASMBANK_CODE
};
constexpr std::string_view kKinds[] = {
#define WASMBANK_KIND(name, text, op) text,
    WASMBANK_ENTRY_KINDS(WASMBANK_KIND)
#undef WASMBANK_KIND
};
// The op that writes each kind (a limit entry's is set_limit), in kind order.
constexpr std::string_view kOpNames[] = {
#define WASMBANK_OP(name, text, op) op,
    WASMBANK_ENTRY_KINDS(WASMBANK_OP)
#undef WASMBANK_OP
};
constexpr std::string_view kForms[] = {
#define WASMBANK_FORM(name, text) text,
    WASMBANK_AMOUNT_FORMS(WASMBANK_FORM)
#undef WASMBANK_FORM
};

// RECEIPT_OBJECTS' functions, one per kind in kind order: each builds its
// op's result as an object literal, {op, ok, ...fields}, from a reader `m`
// of the Receipt's members (m.entry(), m.balance(), ...). Generated code
// rather than a loop over RECEIPT_FIELDS: a literal costs the per-call hot
// path nothing, a loop of computed stores about a third of a call.
std::string ReceiptObjectsBody();

// A JS/TS string literal of `text` (JSON's escapes, which both accept).
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// What each mutating op reports: {kind, field name, Receipt member}.
struct ReceiptField {
  size_t kind;
  std::string_view name, member;
};
enum KindNumber : size_t {
#define WASMBANK_KIND(name, text, op) name,
  WASMBANK_ENTRY_KINDS(WASMBANK_KIND)
#undef WASMBANK_KIND
};
constexpr ReceiptField kReceiptFields[] = {
#define WASMBANK_RECEIPT_FIELD(kind, name, member) {kind, name, #member},
    WASMBANK_RECEIPT_FIELDS(WASMBANK_RECEIPT_FIELD)
#undef WASMBANK_RECEIPT_FIELD
};

// "a", "b", ...: the items of a list, quoted, for an array literal.
template <size_t N>
std::string QuotedList(const std::string_view (&items)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out;
}

// RECEIPT_FIELDS' entries: kind: [[name, member], ...], in kind order.
std::string ReceiptFieldsBody(std::string_view indent) {
  std::string out;
  for (size_t k = 0; k < std::size(kKinds); ++k) {
    out += std::string(indent) + Quote(kKinds[k]) + ": [";
    bool first = true;
    for (const ReceiptField& f : kReceiptFields) {
      if (f.kind != k) continue;
      out += std::string(first ? "" : ", ") + "[" + Quote(f.name) + ", " +
             Quote(f.member) + "]";
      first = false;
    }
    out += "],\n";
  }
  return out;
}

std::string ReceiptObjectsBody() {
  std::string out;
  for (size_t k = 0; k < std::size(kKinds); ++k) {
    out += "  (m) => ({ op: " + Quote(kOpNames[k]) + ", ok: true";
    for (const ReceiptField& f : kReceiptFields) {
      if (f.kind != k) continue;
      out += ", " + Quote(f.name) + ": m." + std::string(f.member) + "()";
    }
    out += " }),\n";
  }
  return out;
}

struct Number {
  std::string_view name;
  unsigned long long value;
  std::string_view doc;
};
const std::vector<Number> kLimits = {
    {"MAX_BATCH_OPS", wasmbank::kMaxBatchOps, "ops one batch may hold"},
    {"LINE_LIMIT", wasmbank::kMaxLineBytes, "bytes in a line the core parses"},
    {"MAX_DEPTH", static_cast<unsigned long long>(wasmbank::kMaxJsonDepth),
     "nesting depth of a line's JSON the core parses"},
    {"MAX_HISTORY_LIMIT",
     static_cast<unsigned long long>(wasmbank::kMaxHistoryLimit),
     "entries one history read returns at most"},
    {"COPY_LIMIT", wasmbank::kLineCopyLimitBytes,
     "a longer line is not copied into wasm memory; the core sees a "
     "stand-in of the same kind"},
    {"JOURNAL_LIMIT", wasmbank::kJournalLimitBytes,
     "the largest journal text handed to the core"},
    {"FIELD_COPY_LIMIT", wasmbank::kFieldCopyLimit,
     "a longer text field is not copied into wasm memory; the core sees a "
     "stand-in just as long"},
};
const std::vector<Number> kNumericDefaults = {
    {"HISTORY_LIMIT",
     static_cast<unsigned long long>(wasmbank::kDefaultHistoryLimit),
     "entries a history read returns when no limit is given"},
    {"CHECKPOINT_EVERY", wasmbank::kDefaultCheckpointEvery,
     "entries between a store's checkpoints"},
};

constexpr std::string_view kHeader =
    "// Generated at build time from core/include/wasmbank/contract.h by\n"
    "// bindings/contract_gen.cc: do not edit (change the header instead).\n";

std::string ContractJs() {
  std::string js(kHeader);
  js +=
      "\n/** The stable error codes in their documented order: code number k "
      "(k > 0) is ERROR_CODES[k - 1]; 0 means ok. */\n"
      "export const ERROR_CODES = Object.freeze([\n";
  for (const Code& c : kCodes) js += "  " + Quote(c.name) + ",\n";
  js +=
      "]);\n\n/** Each code's default sentence for people. */\n"
      "export const ERROR_WORDS = Object.freeze({\n";
  for (const Code& c : kCodes) {
    js += "  " + std::string(c.name) + ": " + Quote(c.words) + ",\n";
  }
  js +=
      "});\n\n/** The journal's entry kinds; a kind's index is its number "
      "(wasmbank::EntryKind). */\n"
      "export const ENTRY_KINDS = Object.freeze([" +
      QuotedList(kKinds) +
      "]);\n\n/** The op that writes each entry kind, by kind number. */\n"
      "export const ENTRY_OPS = Object.freeze([" +
      QuotedList(kOpNames) +
      "]);\n\n/** What each mutating op's result holds after op and ok, in "
      "order: [field, the Receipt member it shows] (entry, id: integers; "
      "balance, to_balance: decimal text). */\n"
      "export const RECEIPT_FIELDS = Object.freeze({\n" +
      ReceiptFieldsBody("  ") +
      "});\n\n/** The same as code: per entry kind number, a function that "
      "builds that op's result from a reader of the Receipt's members. */\n"
      "export const RECEIPT_OBJECTS = Object.freeze([\n" +
      ReceiptObjectsBody() +
      "]);\n\n/** Amount forms, numbered as the bindings take them "
      "(wasmbank::Amount::Form). */\nexport const AMOUNT = Object.freeze({ ";
  for (size_t i = 0; i < std::size(kForms); ++i) {
    js += (i ? ", " : "") + std::string(kForms[i]) + ": " + std::to_string(i);
  }
  js +=
      " });\n\n/** Limits (docs/limits.md). */\nexport const LIMITS = "
      "Object.freeze({\n";
  for (const Number& n : kLimits) {
    js += "  /** " + std::string(n.doc) + " */\n  " + std::string(n.name) +
          ": " + std::to_string(n.value) + ",\n";
  }
  js +=
      "});\n\n/** Defaults of optional arguments. */\nexport const DEFAULTS = "
      "Object.freeze({\n";
  for (const Number& n : kNumericDefaults) {
    js += "  /** " + std::string(n.doc) + " */\n  " + std::string(n.name) +
          ": " + std::to_string(n.value) + ",\n";
  }
  js += "  /** the currency of an account opened without one */\n  CURRENCY: " +
        Quote(wasmbank::kDefaultCurrency) + ",\n});\n\n";
  js +=
      "/** The journal's first line (without its newline). */\n"
      "export const FORMAT_LINE = " +
      Quote(wasmbank::kJournalFormatLine) + ";\n";
  js +=
      "/** What a new store starts with: the format line and the opening seal "
      "line, each with its newline. */\n"
      "export const STORE_START = " +
      Quote(wasmbank::kStoreStart) + ";\n";
  js +=
      "/** What a seal line, {\"head\":\"<64 hex digits>\"}, starts with: it "
      "tells one from an entry line. */\n"
      "export const SEAL_LINE_START = " +
      Quote(wasmbank::kSealLineStart) + ";\n";
  return js;
}

std::string ContractDts() {
  std::string ts(kHeader);
  ts +=
      "\n/** The stable error codes in their documented order: code number k "
      "(k > 0) is ERROR_CODES[k - 1]; 0 means ok. */\n"
      "export declare const ERROR_CODES: readonly [\n";
  for (const Code& c : kCodes) ts += "  " + Quote(c.name) + ",\n";
  ts +=
      "];\n\n/** One of ERROR_CODES. */\n"
      "export type ErrorCode = (typeof ERROR_CODES)[number];\n\n"
      "/** Each code's default sentence for people. */\n"
      "export declare const ERROR_WORDS: { readonly [C in ErrorCode]: string "
      "};\n\n"
      "/** The journal's entry kinds; a kind's index is its number. */\n"
      "export declare const ENTRY_KINDS: readonly [" +
      QuotedList(kKinds) +
      "];\n\n/** One of ENTRY_KINDS. */\n"
      "export type EntryKind = (typeof ENTRY_KINDS)[number];\n\n"
      "/** The op that writes each entry kind, by kind number. */\n"
      "export declare const ENTRY_OPS: readonly [" +
      QuotedList(kOpNames) + "];\n\n"
      "/** What each mutating op's result holds after op and ok, in order. "
      "*/\nexport declare const RECEIPT_FIELDS: {\n" +
      ReceiptFieldsBody("  readonly ") +
      "};\n\n/** The same as code: per entry kind number, a function that "
      "builds that op's result from a reader of the Receipt's members. */\n"
      "export declare const RECEIPT_OBJECTS: readonly ((m: {\n"
      "  entry(): number; id(): number; balance(): string; to_balance(): "
      "string;\n}) => { op: EntryKind; ok: true; [field: string]: unknown "
      "})[];\n\n/** Amount forms, numbered as the bindings take them. */\n"
      "export declare const AMOUNT: { ";
  for (size_t i = 0; i < std::size(kForms); ++i) {
    ts +=
        "readonly " + std::string(kForms[i]) + ": " + std::to_string(i) + "; ";
  }
  ts +=
      "};\n\n/** Limits (docs/limits.md). */\nexport declare const LIMITS: {\n";
  for (const Number& n : kLimits) {
    ts += "  /** " + std::string(n.doc) + " */\n  readonly " +
          std::string(n.name) + ": " + std::to_string(n.value) + ";\n";
  }
  ts +=
      "};\n\n/** Defaults of optional arguments. */\nexport declare const "
      "DEFAULTS: {\n";
  for (const Number& n : kNumericDefaults) {
    ts += "  /** " + std::string(n.doc) + " */\n  readonly " +
          std::string(n.name) + ": " + std::to_string(n.value) + ";\n";
  }
  ts +=
      "  /** the currency of an account opened without one */\n  readonly "
      "CURRENCY: " +
      Quote(wasmbank::kDefaultCurrency) + ";\n};\n\n";
  ts +=
      "/** The journal's first line (without its newline). */\n"
      "export declare const FORMAT_LINE: " +
      Quote(wasmbank::kJournalFormatLine) + ";\n";
  ts +=
      "/** What a new store starts with: the format line and the opening seal "
      "line, each with its newline. */\n"
      "export declare const STORE_START: string;\n";
  ts +=
      "/** What a seal line, {\"head\":\"<64 hex digits>\"}, starts with: it "
      "tells one from an entry line. */\n"
      "export declare const SEAL_LINE_START: " +
      Quote(wasmbank::kSealLineStart) + ";\n";
  return ts;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: contract_gen OUT_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  for (const auto& [name, text] : {std::pair{"contract.js", ContractJs()},
                                   std::pair{"contract.d.ts", ContractDts()}}) {
    if (!WriteFile(dir + "/" + name, text)) {
      std::fprintf(stderr, "contract_gen: cannot write %s/%s\n", dir.c_str(),
                   name);
      return 1;
    }
  }
  return 0;
}
