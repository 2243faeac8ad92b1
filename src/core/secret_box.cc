#include "core/secret_box.h"

#include <sodium.h>

#include <algorithm>

namespace chorus {
namespace {

std::string to_base64(const unsigned char* bytes, std::size_t size, int variant = sodium_base64_VARIANT_ORIGINAL) {
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::optional<std::string> from_base64(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \n\r\t",
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

Error unreadable(std::string message) { return Error{ErrorKind::internal, "secret_unreadable", std::move(message), {}, {}}; }

// 72 bits of BLAKE2b of the key, keyed with a context string: names the key without
// revealing anything usable about it.
std::string fingerprint_prefix(const std::string& key) {
    static constexpr std::string_view context = "chorus secret key name";
    unsigned char digest[9];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                       reinterpret_cast<const unsigned char*>(context.data()), context.size());
    return "k_" + to_base64(digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING) + ":";
}

}  // namespace

Result<SecretBox> SecretBox::from_keys(const std::vector<std::string>& base64_keys) {
    if (sodium_init() < 0) return Error::internal("libsodium could not be initialised");
    if (base64_keys.empty()) return Error::invalid("secret_key", "required", "At least one secret key is needed");
    SecretBox box;
    for (std::size_t i = 0; i < base64_keys.size(); ++i) {
        auto raw = from_base64(base64_keys[i]);
        if (!raw || raw->size() != crypto_secretbox_KEYBYTES)
            return Error::invalid("secret_key", "invalid_key",
                                  "Secret key " + std::to_string(i + 1) + " must be 32 bytes in base64 (openssl rand -base64 32)");
        box.prefixes_.push_back(fingerprint_prefix(*raw));
        box.keys_.push_back(std::move(*raw));
    }
    return box;
}

std::string SecretBox::generate_key() {
    if (sodium_init() < 0) return {};
    unsigned char key[crypto_secretbox_KEYBYTES];
    crypto_secretbox_keygen(key);
    auto text = to_base64(key, sizeof key);
    sodium_memzero(key, sizeof key);
    return text;
}

std::string SecretBox::seal(std::string_view plaintext) const {
    const auto& key = keys_.back();
    std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key.data()));
    return prefixes_.back() + to_base64(nonce, box.size());
}

bool SecretBox::is_current(std::string_view sealed) const { return sealed.starts_with(prefixes_.back()); }

Result<std::string> SecretBox::open(std::string_view sealed) const {
    auto colon = sealed.find(':');
    if (sealed.empty() || sealed[0] != 'k' || colon == std::string_view::npos) return unreadable("not a sealed secret");
    std::size_t index = 0;
    if (sealed.starts_with("k_")) {
        const auto prefix = sealed.substr(0, colon + 1);
        const auto known = std::find(prefixes_.begin(), prefixes_.end(), prefix);
        if (known == prefixes_.end())
            return unreadable("sealed with key " + std::string(prefix.substr(2, prefix.size() - 3)) + ", which this server does not have");
        index = static_cast<std::size_t>(known - prefixes_.begin()) + 1;
    } else {
        for (char c : sealed.substr(1, colon - 1)) {
            if (c < '0' || c > '9') return unreadable("not a sealed secret");
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        if (index == 0 || index > keys_.size())
            return unreadable("sealed with key " + std::to_string(index) + ", which this server does not have");
    }
    auto box = from_base64(sealed.substr(colon + 1));
    if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return unreadable("damaged secret");
    const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
    std::string plain(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   box->size() - crypto_secretbox_NONCEBYTES, nonce,
                                   reinterpret_cast<const unsigned char*>(keys_[index - 1].data())) != 0)
        return unreadable("the secret does not open with its key (tampered, or the key changed)");
    return plain;
}

}  // namespace chorus
