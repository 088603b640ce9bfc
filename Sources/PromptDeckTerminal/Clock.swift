import Foundation

/// Monotonic and wall-clock readings for the loop, run timings and traces.
enum Clock {
    /// Monotonic seconds (never jumps).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Wall-clock nanoseconds since 1970, comparable with `date +%s%N`.
    static func wallNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
