// The documented caps on what the library accepts (standard library only, shared by both halves).
//
// Every size that input data decides (bytes of a file, events, tokens, vocabulary, epochs,
// timesteps) is checked against one of these before anything proportional to it is allocated,
// and beyond a cap the caller gets a limit_error with a stable id instead of an exhausted machine.
// The values sit orders of magnitude above the notebook's (one 3-minute solo: 1.5 KiB of MIDI,
// ~1,400 events, 78 tokens, Tx 30, Ty 50, 100 epochs), so no real input comes near them.
// docs/errors.md ("Limits") lists them with the id raised at each.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jazzlstm::limits {

/// Largest MIDI input read (bytes), checked before reading (jazzlstm.midi.too_large).
inline constexpr std::size_t max_midi_bytes = std::size_t { 64 } << 20;
/// Most MIDI events in one file (jazzlstm.midi.too_many_events): an event costs ~50 bytes in memory
/// against 2 on disk, so the byte cap alone does not bound memory well.
inline constexpr std::size_t max_midi_events = std::size_t { 1 } << 23;
/// Most tracks a MIDI file can declare; the header field is 16 bits, so this is the format's own bound.
inline constexpr std::size_t max_midi_tracks = 0xFFFF;

/// Largest model file (bytes), checked before reading (jazzlstm.model.too_large).
inline constexpr std::uintmax_t max_model_bytes = std::uintmax_t { 256 } << 20;
/// Most LSTM units (n_a) a model may declare (jazzlstm.model.bad_value; the notebook uses 64).
inline constexpr int max_units = 1 << 14;
/// Most distinct tokens in a vocabulary (the notebook has 78; jazzlstm.model.bad_value in a model
/// file, jazzlstm.vocabulary.too_large when a Vocabulary is built).
inline constexpr int max_vocabulary = 1 << 20;
/// Most timesteps of a training window (Tx) or of a generated sequence (Ty).
inline constexpr int max_timesteps = 1 << 20;
/// Most training epochs one call may run (the notebook runs 100).
inline constexpr int max_epochs = 1 << 24;

/// Most grammar tokens parsed from one text (jazzlstm.grammar.too_many_tokens).
inline constexpr std::size_t max_tokens = std::size_t { 1 } << 24;
/// Longest duration of one token, in quarter notes (jazzlstm.grammar.bad_token beyond it).
inline constexpr double max_token_quarters = 100000.0;
/// Most notes (and rests) in one measure handed to the grammar.
inline constexpr std::size_t max_notes_per_measure = std::size_t { 1 } << 16;

} // namespace jazzlstm::limits
