import Foundation
import PromptDeckCore
import Testing

/// Edges print any error with `localizedDescription`: a user-input error must read the same there as it
/// does on its own (`file:line:column: field '…': message`), alone or several at once.
@Suite("Diagnostic as an error")
struct DiagnosticTests {
    static let outOfRange = Diagnostic(
        file: "prompts/tagline.yaml", line: 3, column: 18, field: "temperature", message: "3.5 is out of range (0 to 2)"
    )
    static let unknown = Diagnostic(.warning, file: "--set", message: "unknown parameter 'tempreature'")

    @Test func oneDiagnosticReadsTheSameAsAnyError() {
        let error: any Error = Self.outOfRange
        #expect(
            error.localizedDescription
                == "prompts/tagline.yaml:3:18: field 'temperature': 3.5 is out of range (0 to 2)")
    }

    @Test func aListReadsOneDiagnosticPerLine() {
        let error: any Error = DiagnosticList([Self.outOfRange, Self.unknown])
        #expect(error.localizedDescription == DiagnosticList([Self.outOfRange, Self.unknown]).description)
        #expect(error.localizedDescription.split(separator: "\n").count == 2)
    }

    @Test func oneCatchGetsTheDiagnosticsOfEither() {
        for error in [Self.outOfRange, DiagnosticList([Self.outOfRange, Self.unknown])] as [any Error] {
            let report = error as? any DiagnosticReport
            #expect(report?.diagnostics.first == Self.outOfRange)
        }
    }
}
