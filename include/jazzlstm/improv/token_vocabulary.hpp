// A model's vocabulary as grammar tokens: the token strings the model file stores, parsed once.
//
// The network sees only indices and the grammar only tokens; this is the table between them.
// Generation decodes every prediction through it, so parsing it once per model (not once per
// solo or per step) keeps the loop to table lookups.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/grammar.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// Token k of the model is strings()[k], parsed as tokens()[k].
class TokenVocabulary {
public:
    TokenVocabulary() = default;

    /// @throws parse_error `jazzlstm.grammar.bad_token` (context: the index) for a string that is
    /// no grammar token, e.g. a model file from another program. Allocates: yes.
    explicit TokenVocabulary(std::vector<std::string> strings)
        : strings_(std::move(strings))
    {
        tokens_.reserve(strings_.size());
        for (std::size_t k = 0; k < strings_.size(); ++k)
            tokens_.push_back(parse_token(strings_[k], k));
    }

    std::size_t size() const noexcept { return strings_.size(); }
    const std::vector<std::string>& strings() const noexcept { return strings_; }
    const std::vector<Token>& tokens() const noexcept { return tokens_; }

private:
    std::vector<std::string> strings_;
    std::vector<Token> tokens_;
};

} // namespace jazzlstm
