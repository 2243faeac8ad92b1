#pragma once
// What the publishing engine keeps for a target between attempts, for connector tests: the
// checkpoint an attempt saves (sealed in the store by the engine), handed back to the next
// attempt of the same target.
#include <string>

#include "networks/connector.h"

namespace chorus::testing {

struct KeptCheckpoint {
    std::string saved;
    int saves = 0;

    // Lets the request save, as the engine does while it holds the job.
    void attach(networks::PublishRequest& request) {
        request.save_checkpoint = [this](const std::string& checkpoint) {
            saved = checkpoint;
            ++saves;
            return true;
        };
    }
    // The next attempt of the same target: it gets back what the last one saved.
    networks::PublishRequest next_attempt(networks::PublishRequest request) const {
        request.checkpoint = saved;
        ++request.attempt;
        return request;
    }
};

}  // namespace chorus::testing
