// libFuzzer driver for the input parsers (issue 7; OSCAL JSON and XML from issue 18). Built by `make fuzz` with
// `-sanitize=fuzzer,address -parse-as-library -DFUZZING`; TOTSUGO_FUZZ_TARGET picks the parser:
//   xml   catalog XML (libxml2 parse with the DOCTYPE guard, XSD validation, item tree)
//   text  catalog structured text
//   yaml  mapping YAML (libyaml events composed with the node limit + typed reader with the node budget)
//   json  OSCAL catalog or mapping collection (the positioned JSON parser + the strict OSCAL reader)
//   oscalxml  OSCAL XML catalog or mapping collection (libxml2 with the DOCTYPE guard, the XML →
//         positioned JSON conversion, the same strict OSCAL reader)
// In an ordinary build (no FUZZING) this is a reproducer runner instead:
//   totsugo-fuzz xml|text|yaml|json|oscalxml FILE...   parses each file the way the fuzzer does.
import Foundation
import TotsugoCore
import TotsugoIngest

enum FuzzTarget: String, CaseIterable {
    case xml, text, yaml, json, oscalxml
}

/// Limits small enough that every input finishes quickly, as the CLI's limits would.
let fuzzLimits = InputLimits(maxInputBytes: 1 << 20, maxItems: 20_000, maxDepth: 32, maxYAMLNodes: 200_000)

/// Parses `bytes` with one parser; every outcome but a crash, leak or hang is fine. A parsed
/// catalog or mapping is also rendered back to strings (the diagnostics too) so the whole
/// model is touched.
func fuzzOne(_ target: FuzzTarget, _ bytes: [UInt8]) {
    let input: InputFile
    do throws(DiagnosticError) {
        input = try InputFile.decode(bytes, path: "fuzz.\(target.rawValue)")
    } catch {
        _ = error.diagnostics.map(\.description)
        return
    }
    do throws(DiagnosticError) {
        switch target {
        case .xml:
            let catalog = try CatalogXMLParser(limits: fuzzLimits).parse(input)
            _ = catalog.allItems.map(\.label)
        case .text:
            let catalog = try CatalogTextParser(limits: fuzzLimits).parse(input)
            _ = catalog.allItems.map(\.label)
        case .yaml:
            let mapping = try MappingYAMLParser(nodeBudget: fuzzLimits.maxYAMLNodes).parse(input)
            _ = mapping.entries.count
        case .json, .oscalxml:
            let document = target == .json
                ? try OSCALJSONReader().read(input, limits: fuzzLimits)
                : try OSCALXMLReader().read(input, limits: fuzzLimits)
            _ = document.warnings.map(\.description)
            switch document.content {
            case .catalog(let catalog): _ = catalog.allItems.map(\.label)
            case .mapping(let mapping): _ = mapping.entries.count
            }
        }
    } catch {
        _ = error.diagnostics.map(\.description)
    }
}

#if FUZZING
/// libFuzzer's driver, called from our own `main`: SwiftPM links an executable's entry point
/// as `<module>_main`, so libFuzzer's `main` cannot be used; LLVMFuzzerRunDriver can.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) var selected = FuzzTarget.xml

/// The symbol libFuzzer's runtime references; the driver below passes it as the callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    fuzzOne(selected, bytes)
    return 0
}

@main
struct FuzzDriver {
    static func main() {
        let name = ProcessInfo.processInfo.environment["TOTSUGO_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set TOTSUGO_FUZZ_TARGET to xml, text, yaml, json or oscalxml\n".utf8))
            exit(2)
        }
        selected = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
    }
}
#else
@main
struct ReproducerRunner {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first, let target = FuzzTarget(rawValue: first), arguments.count > 1 else {
            print("usage: totsugo-fuzz xml|text|yaml|json FILE...   (the fuzzer itself: make fuzz)")
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                exit(66)
            }
            fuzzOne(target, Array(data))
            print("\(path): ok")
        }
    }
}
#endif
