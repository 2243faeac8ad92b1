// Network-rule checks per second on mixed 280-character texts, beside the ceiling: utf8proc
// walking the same texts' grapheme clusters and nothing else. Prints texts/s for each and
// the ratio check/ceiling.
#include <benchmark/benchmark.h>
#include <utf8proc.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "networks/rules.h"

namespace {

std::vector<std::string> mixed_texts() {
    const std::vector<std::string> words = {"Spring", "menu", "is", "here", "🌸", "https://example.com/menu/spring", "#food",
                                            "@alice.bsky.social", "café", "日本語", "테스트", "👍🏽", "example.org", "—",
                                            "Привет", "مرحبا", "!", "and", "the", "#日本", "👨‍👩‍👧", "e\xCC\x81"};
    std::mt19937 random(42);
    std::vector<std::string> texts;
    for (int t = 0; t < 256; ++t) {
        std::string text;
        while (text.size() < 280) text += words[random() % words.size()] + " ";
        texts.push_back(text);
    }
    return texts;
}

const std::vector<std::string>& texts() {
    static const auto all = mixed_texts();
    return all;
}

void graphemes_only(benchmark::State& state) {
    std::size_t clusters = 0;
    for (auto _ : state) {
        for (const auto& text : texts()) {
            const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
            utf8proc_ssize_t offset = 0, size = static_cast<utf8proc_ssize_t>(text.size());
            utf8proc_int32_t previous = -1, state_machine = 0, current = 0;
            while (offset < size) {
                offset += utf8proc_iterate(bytes + offset, size - offset, &current);
                if (previous < 0 || utf8proc_grapheme_break_stateful(previous, current, &state_machine)) ++clusters;
                previous = current;
            }
        }
    }
    benchmark::DoNotOptimize(clusters);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * texts().size()));
}

void check_network(benchmark::State& state, const char* network) {
    const auto* rules = chorus::networks::rules_for(network);
    chorus::networks::Draft draft;
    for (auto _ : state) {
        for (const auto& text : texts()) {
            draft.text = text;
            benchmark::DoNotOptimize(chorus::networks::check_draft(*rules, draft));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * texts().size()));
}

BENCHMARK(graphemes_only)->Name("ceiling/utf8proc_graphemes");
BENCHMARK_CAPTURE(check_network, x, "x")->Name("check/x");
BENCHMARK_CAPTURE(check_network, bluesky, "bluesky")->Name("check/bluesky");
BENCHMARK_CAPTURE(check_network, mastodon, "mastodon")->Name("check/mastodon");
BENCHMARK_CAPTURE(check_network, linkedin, "linkedin")->Name("check/linkedin");

class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            auto it = run.counters.find("items_per_second");
            if (it != run.counters.end()) rates[run.benchmark_name()] = it->second.value;
        }
    }
    std::map<std::string, double> rates;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double ceiling = reporter.rates["ceiling/utf8proc_graphemes"];
    std::printf("\n# texts of about 280 bytes, mixed scripts, links, mentions, tags, emoji\n");
    for (const auto& [name, rate] : reporter.rates)
        if (name.rfind("check/", 0) == 0 && ceiling > 0)
            std::printf("%-16s %10.0f texts/s   ratio to utf8proc grapheme walk %.3f\n", name.c_str(), rate, rate / ceiling);
    std::printf("%-16s %10.0f texts/s   (ceiling)\n", "utf8proc", ceiling);
    return 0;
}
