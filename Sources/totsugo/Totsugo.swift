import ArgumentParser
import TotsugoScheduler

@main
struct Totsugo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totsugo",
        abstract: "Compile guideline cross-reference tables (突合表) from catalogs and mappings.",
        discussion: """
        Catalogs/ holds each guideline as a catalog (.xml validated against catalog.xsd, or \
        structured .txt); Mappings/ holds one .yaml per industry guideline mapping its items \
        onto IPA (or other) catalog items. `totsugo build` writes the 突合表 into Output/.

        Exit codes: 0 success; 1 a check failed; 64 bad command line; 65 bad input data; \
        66 missing input; 70 internal error; 73 cannot write output.
        """,
        subcommands: [Build.self, Validate.self, Regulation.self, Check.self, Diff.self, Import.self, NewMapping.self, Export.self, Promote.self, Carry.self, Format.self, Review.self],
        defaultSubcommand: nil
    )

    static func main() {
        Scheduler.configureAllocator()
        SignalCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            SignalCleanup.yieldToSignalHandler()
            exit(withError: error)
        }
    }
}
