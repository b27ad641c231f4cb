/// Runs tasks on worker threads and hands their results back in the order the tasks came.
///
/// The calling thread produces tasks and consumes results; at most `window` tasks are in flight,
/// so memory stays bounded however long the input. Each worker has its own state, made by
/// `makeWorker` (sluice's `DocumentCleaner` is not thread-safe: one per worker). With one worker
/// no thread is started and tasks run on the calling thread, one after another.
///
///     try OrderedJobPool.run(workers: 2, window: 8,
///                            makeWorker: { let cleaner = RecordCleaner(…); return { batch in cleaner.clean(batch) } },
///                            next: { reader.nextBatch() },
///                            deliver: { output in try sink.write(output) })
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pool of worker threads whose results come back in task order.
public final class OrderedJobPool<Task, Output>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var taskAdded = pthread_cond_t()
    private var outputAdded = pthread_cond_t()
    private var queue: [(sequence: Int, task: Task)] = []
    private var queueHead = 0
    private var outputs: [Int: Output] = [:]
    private var closed = false

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&taskAdded, nil)
        pthread_cond_init(&outputAdded, nil)
    }

    deinit {
        pthread_cond_destroy(&outputAdded)
        pthread_cond_destroy(&taskAdded)
        pthread_mutex_destroy(&mutex)
    }

    /// Takes tasks from `next` until it returns nil, runs each through a worker, and calls
    /// `deliver` with the outputs in task order. An error from `next` or `deliver` stops the run:
    /// tasks not yet started are dropped, the workers are joined, and the error is rethrown.
    public static func run(workers: Int, window: Int,
                           makeWorker: () -> (Task) -> Output,
                           next: () throws -> Task?,
                           deliver: (Output) throws -> Void) throws {
        if workers <= 1 {
            let work = makeWorker()
            while let task = try next() { try deliver(work(task)) }
            return
        }
        let pool = OrderedJobPool()
        let threads = (0..<workers).map { _ in pool.startWorker(makeWorker()) }
        defer {
            pool.locked { pool.closed = true; pthread_cond_broadcast(&pool.taskAdded) }
            for thread in threads { pthread_join(thread, nil) }
        }
        var submitted = 0
        var delivered = 0
        var exhausted = false
        while true {
            while !exhausted && submitted - delivered < Swift.max(window, workers) {
                guard let task = try next() else { exhausted = true; break }
                pool.submit(task, sequence: submitted)
                submitted += 1
            }
            if delivered == submitted { return }
            try deliver(pool.waitForOutput(delivered))
            delivered += 1
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    private func submit(_ task: Task, sequence: Int) {
        locked {
            if queueHead > 1024 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            queue.append((sequence, task))
            pthread_cond_signal(&taskAdded)
        }
    }

    private func waitForOutput(_ sequence: Int) -> Output {
        locked {
            while outputs[sequence] == nil { pthread_cond_wait(&outputAdded, &mutex) }
            return outputs.removeValue(forKey: sequence)!
        }
    }

    /// The worker loop: take a task, run it unlocked, file its output.
    private func work(_ run: (Task) -> Output) {
        while true {
            let taken: (sequence: Int, task: Task)? = locked {
                while queueHead == queue.count && !closed { pthread_cond_wait(&taskAdded, &mutex) }
                guard queueHead < queue.count, !closed else { return nil }
                queueHead += 1
                return queue[queueHead - 1]
            }
            guard let (sequence, task) = taken else { return }
            let output = run(task)
            locked {
                outputs[sequence] = output
                pthread_cond_broadcast(&outputAdded)
            }
        }
    }

    private func startWorker(_ run: @escaping (Task) -> Output) -> pthread_t {
        let body = Unmanaged.passRetained(ThreadBody { self.work(run) }).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, runThreadBody, body)
        precondition(status == 0, "sluice: cannot start a worker thread (error \(status))")
        return thread
    }
}

/// What a worker thread runs, passed through `pthread_create`'s context pointer.
private final class ThreadBody: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

private func runThreadBody(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
    return nil
}
