// FNV-1a, 64-bit: the one hash of the library (standard library only).
//
// It fingerprints vocabularies (the model file binds its weights to one) and finds repeated
// training windows. It is not a cryptographic hash; it is small, fast, and its values are
// fixed by the published definition, so a fingerprint written today reads back everywhere.
#pragma once

#include <cstdint>
#include <string_view>

namespace jazzlstm {

/// Incremental FNV-1a 64: feed bytes in order, read value(). Allocates: no.
class Fnv1a64 {
public:
    static constexpr std::uint64_t offset_basis = 14695981039346656037ull;
    static constexpr std::uint64_t prime = 1099511628211ull;

    constexpr void feed(unsigned char byte) noexcept
    {
        hash_ ^= byte;
        hash_ *= prime;
    }

    constexpr void feed(std::string_view bytes) noexcept
    {
        for (const char c : bytes)
            feed(static_cast<unsigned char>(c));
    }

    /// The four bytes of `word`, least significant first (the order does not depend on the
    /// machine's endianness).
    constexpr void feed_u32(std::uint32_t word) noexcept
    {
        for (int shift = 0; shift < 32; shift += 8)
            feed(static_cast<unsigned char>(word >> shift));
    }

    constexpr std::uint64_t value() const noexcept { return hash_; }

private:
    std::uint64_t hash_ = offset_basis;
};

/// FNV-1a 64 of `bytes` in one call. Allocates: no.
constexpr std::uint64_t fnv1a64(std::string_view bytes) noexcept
{
    Fnv1a64 hash;
    hash.feed(bytes);
    return hash.value();
}

} // namespace jazzlstm
