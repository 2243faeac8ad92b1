#include "app/check_command.h"

#include <cstdio>
#include <iostream>
#include <iterator>

#include "http/api/check_json.h"
#include "networks/rules.h"

namespace chorus::app {

int run_check(const CheckCommand& command) {
    std::vector<const networks::NetworkRules*> selected;
    for (const auto& name : command.networks) {
        const auto* rules = networks::rules_for(name);
        if (!rules) {
            std::string known;
            for (auto network : networks::network_names()) known += (known.empty() ? "" : ", ") + std::string(network);
            std::fprintf(stderr, "chorus check: unknown network \"%s\"; use one of: %s\n", name.c_str(), known.c_str());
            return 2;
        }
        selected.push_back(rules);
    }
    networks::Draft draft;
    if (command.text) {
        draft.text = *command.text;
    } else {
        std::cin >> std::noskipws;
        draft.text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    draft.title = command.title;
    draft.link = command.link;
    networks::NetworkSettings settings;
    settings.mastodon_max_characters = command.mastodon_max_characters;

    bool all_valid = true;
    for (const auto* rules : selected) {
        const auto check = networks::check_draft(*rules, draft, settings);
        all_valid = all_valid && check.valid;
        if (command.json) {
            std::printf("%s\n", http::api::check_to_json(check).c_str());
            continue;
        }
        std::printf("%s: %zu/%zu %s — %s\n", check.network.c_str(), check.length, check.limit, check.unit.c_str(),
                    check.valid ? "ok" : "REFUSED");
        for (const auto& problem : check.problems) {
            std::printf("  %s %s: %s", problem.severity == networks::Severity::error ? "error  " : "warning",
                        problem.code.c_str(), problem.message.c_str());
            if (problem.range) std::printf(" [%zu-%zu]", problem.range->start, problem.range->end);
            std::printf("\n");
        }
    }
    return all_valid ? 0 : 1;
}

}  // namespace chorus::app
