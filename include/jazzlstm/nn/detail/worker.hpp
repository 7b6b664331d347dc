// One helper thread that runs one job at a time for its owner, so that training can put a
// second core to work on half of a large batch. The thread is created once and then only
// woken; handing it a job allocates nothing.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

namespace jazzlstm::detail {

class Worker {
public:
    Worker()
        : thread_([this] { loop(); })
    {
    }

    ~Worker()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            quit_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Starts job(context) on the helper thread and returns at once. The job must not throw.
    /// One job at a time: call wait() before the next start().
    void start(void (*job)(void*) noexcept, void* context)
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            job_ = job;
            context_ = context;
            pending_ = true;
        }
        wake_.notify_one();
    }

    /// Blocks until the job given to start() has finished.
    void wait()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return !pending_; });
    }

private:
    void loop()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return pending_ || quit_; });
            if (quit_)
                return;
            lock.unlock();
            job_(context_);
            lock.lock();
            pending_ = false;
            done_.notify_one();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    void (*job_)(void*) noexcept = nullptr;
    void* context_ = nullptr;
    bool pending_ = false;
    bool quit_ = false;
    std::thread thread_; // last: it starts running loop() as soon as it is constructed
};

} // namespace jazzlstm::detail
