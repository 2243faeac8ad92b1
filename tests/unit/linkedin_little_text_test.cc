// LinkedIn's little text: what Chorus escapes so that LinkedIn shows the text as written.
#include <gtest/gtest.h>

#include "networks/linkedin/little_text.h"

namespace chorus::networks::linkedin {
namespace {

TEST(LinkedInLittleText, EveryReservedCharacterIsEscapedSoNothingIsCutOrTakenForMarkup) {
    EXPECT_EQ(escape_little_text("Hours (Mon-Fri) | 8am <-> 6pm"), "Hours \\(Mon-Fri\\) \\| 8am \\<-\\> 6pm");
    EXPECT_EQ(escape_little_text("@[Not a mention](urn:li:person:1)"), "\\@\\[Not a mention\\]\\(urn:li:person:1\\)");
    EXPECT_EQ(escape_little_text("{template} *bold* _it_ ~strike~ a\\b"), "\\{template\\} \\*bold\\* \\_it\\_ \\~strike\\~ a\\\\b");
    EXPECT_EQ(escape_little_text("Plain text, no markup: 100% fine!"), "Plain text, no markup: 100% fine!");
}

TEST(LinkedInLittleText, AHashtagStaysAHashtagInAnyScriptButALoneHashIsEscaped) {
    EXPECT_EQ(escape_little_text("#coffee #café #東京 #2026"), "#coffee #café #東京 #2026");
    EXPECT_EQ(escape_little_text("C# and F#, # 1, #→ next, #!"), "C\\# and F\\#, \\# 1, \\#→ next, \\#!");
    EXPECT_EQ(escape_little_text("ends with #"), "ends with \\#");
}

TEST(LinkedInLittleText, TheCommentaryLinkedInGivesBackReadsAsTheTextWritten) {
    for (const char* text : {"Hours (Mon-Fri) | 8am <-> 6pm", "#coffee and C# \\o/", "a\\b\\", "→ #東京 ~ok~"})
        EXPECT_EQ(unescape_little_text(escape_little_text(text)), text) << text;
    EXPECT_EQ(unescape_little_text("no \\escapes \\here"), "no \\escapes \\here") << "a backslash before an ordinary character stays";
}

}  // namespace
}  // namespace chorus::networks::linkedin
