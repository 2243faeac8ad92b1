// The fake test network as its own process, for the web app's browser tests and demos:
//   chorus-fake-network   → prints {"url":"http://127.0.0.1:PORT","x_url":"…","threads_url":"…","facebook_url":"…",
//                                     "linkedin_url":"…","youtube_url":"…","pinterest_url":"…","tiktok_url":"…"}
//                           once listening, runs until SIGTERM.
// Channels of network testnet connect to it with any username and the password "testnet";
// the X contract fake beside it accepts the app chorus-test-client / chorus-test-secret, the
// Threads one chorus-threads-app / chorus-threads-secret, the Facebook one chorus-meta-app /
// chorus-meta-secret, the LinkedIn one chorus-linkedin-app / chorus-linkedin-secret (a member
// login: the app has the basic products only), the YouTube one
// chorus-youtube-app.apps.googleusercontent.com / chorus-youtube-secret, the Pinterest one
// 1499999 / chorus-pinterest-secret, the TikTok one awchorustiktok01 / chorus-tiktok-secret.
#include <csignal>
#include <cstdio>

#include "fake_facebook.h"
#include "fake_linkedin.h"
#include "fake_network.h"
#include "fake_pinterest.h"
#include "fake_threads.h"
#include "fake_tiktok.h"
#include "fake_x.h"
#include "fake_youtube.h"

int main() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before the server's threads start, so they inherit it

    chorus::fakes::FakeNetwork network;
    chorus::fakes::FakeX x;
    chorus::fakes::FakeThreads threads;
    chorus::fakes::FakeFacebook facebook;
    chorus::fakes::FakeLinkedIn linkedin;
    chorus::fakes::FakeYouTube youtube;
    chorus::fakes::FakePinterest pinterest;
    chorus::fakes::FakeTikTok tiktok;
    std::printf("{\"url\":\"%s\",\"x_url\":\"%s\",\"threads_url\":\"%s\",\"facebook_url\":\"%s\",\"linkedin_url\":\"%s\",\"youtube_url\":\"%s\","
                "\"pinterest_url\":\"%s\",\"tiktok_url\":\"%s\"}\n",
                network.base_url().c_str(), x.base_url().c_str(), threads.base_url().c_str(), facebook.base_url().c_str(),
                linkedin.base_url().c_str(), youtube.base_url().c_str(), pinterest.base_url().c_str(),
                tiktok.base_url().c_str());
    std::fflush(stdout);
    int received = 0;
    sigwait(&stop, &received);
    return 0;
}
