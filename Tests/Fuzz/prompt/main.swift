// libFuzzer target `prompt`: built and run by scripts/fuzz, not by SwiftPM.
// The work is in Tests/PromptDeckCoreTests/Fuzz/FuzzEntries.swift, which the regression tests replay.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let problems = FuzzEntries.prompt(Array(UnsafeBufferPointer(start: data, count: size)))
    if !problems.isEmpty { fatalError(problems.joined(separator: "\n")) }
    return 0
}
