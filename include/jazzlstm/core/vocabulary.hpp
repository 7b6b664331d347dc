// The token vocabulary: sorted unique grammar tokens and their indices (standard library only).
//
// deepjazz indexed `set(corpus)`, whose order in Python 3 changes with the hash seed, so no
// two runs agreed on which index meant which token. Here the order is fixed: tokens sorted by
// std::string comparison (byte order), the same order as Python's sorted() on these ASCII
// tokens and as the reference JSON. The fingerprint lets a model file check that it is being
// used with the vocabulary it was trained on.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/fnv.hpp>
#include <jazzlstm/core/limits.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// FNV-1a 64 of the tokens joined by '\n' (no trailing newline), in the order given.
/// The model file stores it beside V, so loading against another vocabulary fails loudly.
/// Allocates: no.
inline std::uint64_t vocabulary_fingerprint(const std::vector<std::string>& tokens) noexcept
{
    Fnv1a64 hash;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0)
            hash.feed('\n');
        hash.feed(tokens[i]);
    }
    return hash.value();
}

/// Sorted unique tokens with token ↔ index maps. Indices are 0 … size()−1 in sorted order.
class Vocabulary {
public:
    Vocabulary() = default;

    /// Builds from tokens in any order and with repeats (a corpus, or a saved token list).
    /// @throws argument_error `jazzlstm.vocabulary.empty_token` for an empty string, which
    /// cannot round-trip through a text corpus; limit_error `jazzlstm.vocabulary.too_large` for
    /// more than limits::max_vocabulary distinct tokens.
    /// Allocates: the token list.
    explicit Vocabulary(std::vector<std::string> tokens)
        : tokens_(std::move(tokens))
    {
        std::sort(tokens_.begin(), tokens_.end());
        tokens_.erase(std::unique(tokens_.begin(), tokens_.end()), tokens_.end());
        if (!tokens_.empty() && tokens_.front().empty())
            throw argument_error("jazzlstm.vocabulary.empty_token", "a vocabulary token cannot be empty");
        if (tokens_.size() > static_cast<std::size_t>(limits::max_vocabulary))
            throw limit_error("jazzlstm.vocabulary.too_large", std::to_string(tokens_.size()) + " distinct tokens exceed the cap of "
                    + std::to_string(limits::max_vocabulary) + " (the model's one-hot width)");
    }

    /// The union of the tokens of several corpora (sorted, unique).
    static Vocabulary from_corpora(const std::vector<std::vector<std::string>>& corpora)
    {
        std::vector<std::string> all;
        for (const auto& corpus : corpora)
            all.insert(all.end(), corpus.begin(), corpus.end());
        return Vocabulary(std::move(all));
    }

    /// V, the width of the one-hot vectors.
    std::size_t size() const noexcept { return tokens_.size(); }
    bool empty() const noexcept { return tokens_.empty(); }

    /// Sorted tokens; the position of a token is its index.
    const std::vector<std::string>& tokens() const noexcept { return tokens_; }

    /// Index of `token`, or nothing. Allocates: no.
    std::optional<int> find(const std::string& token) const noexcept
    {
        const auto it = std::lower_bound(tokens_.begin(), tokens_.end(), token);
        if (it == tokens_.end() || *it != token)
            return std::nullopt;
        return static_cast<int>(it - tokens_.begin());
    }

    bool contains(const std::string& token) const noexcept { return find(token).has_value(); }

    /// Index of `token`.
    /// @param position where the token stands in the caller's sequence, for the message
    /// @throws parse_error `jazzlstm.vocabulary.unknown_token` naming the token (and position)
    int index_of(const std::string& token, std::optional<std::size_t> position = std::nullopt) const
    {
        if (const auto index = find(token))
            return *index;
        error_context where;
        where.token = token;
        where.position = position;
        throw parse_error("jazzlstm.vocabulary.unknown_token",
            "token is not in the vocabulary of " + std::to_string(tokens_.size()) + " tokens", where);
    }

    /// Token at `index`.
    /// @throws argument_error `jazzlstm.vocabulary.index` when index is outside [0, size())
    const std::string& token(int index) const
    {
        if (index < 0 || static_cast<std::size_t>(index) >= tokens_.size())
            throw argument_error("jazzlstm.vocabulary.index", "index " + std::to_string(index)
                    + " is outside the vocabulary of " + std::to_string(tokens_.size()) + " tokens");
        return tokens_[static_cast<std::size_t>(index)];
    }

    /// Indices of a token sequence. @throws parse_error `jazzlstm.vocabulary.unknown_token`
    /// with the position of the first unknown token. Allocates: the result.
    std::vector<int> encode(const std::vector<std::string>& sequence) const
    {
        std::vector<int> out;
        out.reserve(sequence.size());
        for (std::size_t i = 0; i < sequence.size(); ++i)
            out.push_back(index_of(sequence[i], i));
        return out;
    }

    /// Tokens of an index sequence. @throws argument_error `jazzlstm.vocabulary.index`.
    std::vector<std::string> decode(const std::vector<int>& indices) const
    {
        std::vector<std::string> out;
        out.reserve(indices.size());
        for (const int index : indices)
            out.push_back(token(index));
        return out;
    }

    /// A vocabulary holding the tokens of both.
    Vocabulary merged_with(const Vocabulary& other) const
    {
        std::vector<std::string> all = tokens_;
        all.insert(all.end(), other.tokens_.begin(), other.tokens_.end());
        return Vocabulary(std::move(all));
    }

    /// vocabulary_fingerprint() of the sorted tokens.
    std::uint64_t fingerprint() const noexcept { return vocabulary_fingerprint(tokens_); }

    bool operator==(const Vocabulary& other) const { return tokens_ == other.tokens_; }
    bool operator!=(const Vocabulary& other) const { return !(*this == other); }

private:
    std::vector<std::string> tokens_;
};

} // namespace jazzlstm
