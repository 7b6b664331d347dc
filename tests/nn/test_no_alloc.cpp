// Proves the allocation discipline: after the first epoch, training steps, fit epochs and
// generation allocate nothing, neither through Eigen (EIGEN_RUNTIME_NO_MALLOC) nor through
// operator new (a counting replacement below).
#define EIGEN_RUNTIME_NO_MALLOC
#if defined(__GNUC__) && !defined(__clang__)
// The replacement operator new/delete below pair malloc with free; GCC cannot see that once
// they are inlined into a new/delete pair and warns.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
// Eigen checks set_is_malloc_allowed(false) with eigen_assert, which Release builds
// (NDEBUG) compile out; count failed Eigen assertions instead so the check stays live.
#include <atomic>
namespace {
std::atomic<long> g_eigen_assert_failures { 0 };
}
#define eigen_assert(x) ((x) ? (void)0 : (void)++g_eigen_assert_failures)
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <new>

namespace {
std::atomic<long> g_news { 0 };
}

void* operator new(std::size_t size)
{
    ++g_news;
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

/// Runs `f` with Eigen's heap allocation forbidden and returns how many allocations were
/// attempted meanwhile: operator new calls plus Eigen mallocs (failed Eigen checks).
template <typename F>
long allocations_during(F&& f)
{
    const long before = g_news.load() + g_eigen_assert_failures.load();
    Eigen::internal::set_is_malloc_allowed(false);
    f();
    Eigen::internal::set_is_malloc_allowed(true);
    return g_news.load() + g_eigen_assert_failures.load() - before;
}

} // namespace

TEST_CASE_TEMPLATE("training and generation allocate nothing after the first epoch", T, float, double)
{
    using Model = jazzlstm::JazzModel<T, 30, 64>;
    const auto corpus = jazzlstm::test::synthetic_corpus(78, 200, 11);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 30, 60, 12);
    const long eigen_failures_before = g_eigen_assert_failures.load();
    auto model = std::make_unique<Model>(78, 5);
    model->train_step(w.X, w.Y); // first epoch: sizes the buffers

    CHECK(allocations_during([&] { model->train_step(w.X, w.Y); }) == 0);
    CHECK(allocations_during([&] { model->compute_gradients(w.X, w.Y); }) == 0);
    CHECK(allocations_during([&] { model->evaluate(w.X, w.Y); }) == 0);

    // fit allocates its history once, before the first epoch; count per epoch via the callback.
    const auto total = [] { return g_news.load() + g_eigen_assert_failures.load(); };
    long in_epochs = 0;
    long last = 0;
    Eigen::internal::set_is_malloc_allowed(false);
    model->fit(w.X, w.Y, 3, [&](int epoch, double, double) {
        if (epoch > 1)
            in_epochs += total() - last;
        last = total();
    });
    CHECK(in_epochs == 0);

    // Mini-batches of 32 + 28 reuse the same buffers.
    long in_batched = 0;
    model->fit(
        w.X, w.Y, 3,
        [&](int epoch, double, double) {
            if (epoch > 1)
                in_batched += total() - last;
            last = total();
        },
        jazzlstm::FitOptions { 32 });
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(in_batched == 0);

    CHECK(g_eigen_assert_failures.load() == eigen_failures_before); // no other Eigen assertion failed either

    // The counters work: an Eigen temporary and a std::vector are both seen.
    CHECK(allocations_during([] {
        Eigen::MatrixXd big(40, 40);
        big.setZero();
    }) > 0);
    CHECK(allocations_during([] { std::vector<int> v(10); }) > 0);

    auto state = model->make_inference_state();
    int indices[50];
    CHECK(allocations_during([&] { model->template generate_into<50>(state, indices, jazzlstm::argmax); }) == 0);
    CHECK(allocations_during([&] { model->template generate_greedy_into<50>(state, indices); }) == 0);
    CHECK(allocations_during([&] {
        state.reset();
        int token = jazzlstm::no_token;
        for (int t = 0; t < 10; ++t)
            token = jazzlstm::argmax(model->step(state, token));
    }) == 0);
}

TEST_CASE("a large batch split over two threads allocates nothing after the first epoch")
{
    using Model = jazzlstm::JazzModel<float, 30, 64>;
    const auto corpus = jazzlstm::test::synthetic_corpus(78, 2000, 21);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 30, 2 * Model::parallel_min_windows, 22);
    auto model = std::make_unique<Model>(78, 5);
    model->set_compute_options({ true, 2 });
    model->train_step(w.X, w.Y); // first epoch: buffers, the second shard's layers, the thread
    CHECK(allocations_during([&] { model->train_step(w.X, w.Y); }) == 0);
    CHECK(allocations_during([&] { model->evaluate(w.X, w.Y); }) == 0);
}
