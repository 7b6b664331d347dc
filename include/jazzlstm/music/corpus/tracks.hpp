// The tracks of a score as the part choice sees them (standard library only): the file's tracks,
// plus one virtual track per channel of a track that mixes channels, and naming a track by index
// or by name.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi/events.hpp>
#include <jazzlstm/music/midi/score.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

namespace detail {

    inline std::string lower(std::string s)
    {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    /// Tracks as the chooser sees them: the file's tracks at their own indices, then one
    /// virtual track per channel for every track that mixes channels (format 0 files).
    /// A mixed track keeps its index but is never chosen automatically.
    struct SourceTrack {
        midi::ScoreTrack track;
        bool mixed = false;     ///< notes on several channels
        int split_from = -1;    ///< for a virtual track, the file track it came from
    };

    /// First program change per (file track, channel); only a midi::File has them.
    using ChannelPrograms = std::map<std::pair<int, int>, int>;

    inline ChannelPrograms channel_programs(const midi::File& file)
    {
        ChannelPrograms programs;
        for (std::size_t t = 0; t < file.tracks.size(); ++t)
            for (const auto& e : file.tracks[t].events)
                if (e.is_channel() && e.kind() == 0xC0 && !e.data.empty())
                    programs.emplace(std::make_pair(static_cast<int>(t), e.channel()), e.data[0]);
        return programs;
    }

    inline std::vector<SourceTrack> source_tracks(const midi::Score& score, const ChannelPrograms& programs)
    {
        std::vector<SourceTrack> out;
        out.reserve(score.tracks.size());
        std::vector<SourceTrack> virtual_tracks;
        for (std::size_t t = 0; t < score.tracks.size(); ++t) {
            const auto& track = score.tracks[t];
            std::set<int> channels;
            for (const auto& n : track.notes)
                channels.insert(n.channel);
            SourceTrack source { track, channels.size() > 1, -1 };
            if (source.mixed) {
                for (const int channel : channels) {
                    SourceTrack part;
                    part.split_from = static_cast<int>(t);
                    part.track.name = (track.name.empty() ? "track " + std::to_string(t) : track.name) + " / channel "
                        + std::to_string(channel + 1);
                    part.track.channel = channel;
                    const auto known = programs.find({ static_cast<int>(t), channel });
                    part.track.program = known != programs.end() ? known->second : (channel == track.channel ? track.program : -1);
                    for (const auto& n : track.notes)
                        if (n.channel == channel)
                            part.track.notes.push_back(n);
                    virtual_tracks.push_back(std::move(part));
                }
            }
            out.push_back(std::move(source));
        }
        for (auto& v : virtual_tracks)
            out.push_back(std::move(v));
        return out;
    }

    /// Index of a track named by number or by name (case-insensitive, whole name).
    inline int resolve_track(const std::vector<SourceTrack>& tracks, const std::string& spec, const char* role)
    {
        const bool numeric = !spec.empty() && std::all_of(spec.begin(), spec.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (numeric) {
            const unsigned long index = spec.size() > 9 ? tracks.size() : std::stoul(spec);
            if (index < tracks.size())
                return static_cast<int>(index);
            throw argument_error("jazzlstm.corpus.track", std::string(role) + " track " + spec + " does not exist (the file has "
                    + std::to_string(tracks.size()) + " tracks, counting split channels)");
        }
        const std::string wanted = lower(spec);
        for (std::size_t t = 0; t < tracks.size(); ++t)
            if (lower(tracks[t].track.name) == wanted)
                return static_cast<int>(t);
        std::string names;
        for (std::size_t t = 0; t < tracks.size(); ++t)
            if (!tracks[t].track.notes.empty())
                names += (names.empty() ? "" : ", ") + std::to_string(t) + " '" + tracks[t].track.name + "'";
        throw argument_error("jazzlstm.corpus.track", std::string(role) + " track '" + spec + "' not found; tracks with notes: " + names);
    }

} // namespace detail

} // namespace jazzlstm
