import ArgumentParser
import TotsugoIngest

/// `--max-input-bytes`, `--max-items`, `--max-depth`, `--max-yaml-nodes` (README "Limits").
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("Largest input file in bytes.", valueName: "n"))
    var maxInputBytes: Int = InputLimits.defaultMaxInputBytes
    @Option(name: .customLong("max-items"), help: ArgumentHelp("Most items in one catalog.", valueName: "n"))
    var maxItems: Int = InputLimits.defaultMaxItems
    @Option(name: .customLong("max-depth"), help: ArgumentHelp("Deepest item nesting in a catalog.", valueName: "n"))
    var maxDepth: Int = InputLimits.defaultMaxDepth
    @Option(name: .customLong("max-yaml-nodes"),
            help: ArgumentHelp("Most YAML nodes read from one mapping, aliases counted each time used.", valueName: "n"))
    var maxYAMLNodes: Int = InputLimits.defaultMaxYAMLNodes

    func validate() throws {
        for (name, value) in [("--max-input-bytes", maxInputBytes), ("--max-items", maxItems),
                              ("--max-depth", maxDepth), ("--max-yaml-nodes", maxYAMLNodes)] where value < 1 {
            throw ValidationError("\(name) must be a positive whole number, not \(value)")
        }
    }

    var limits: InputLimits {
        InputLimits(maxInputBytes: maxInputBytes, maxItems: maxItems, maxDepth: maxDepth, maxYAMLNodes: maxYAMLNodes)
    }
}
