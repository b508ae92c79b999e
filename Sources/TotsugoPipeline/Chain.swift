import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoMatch

extension Pipeline {
    /// The chains `written` (`a+b`) composed from the workspace's mappings, each with the
    /// reviewed direct mappings from its source onto its final catalog beside it. A chain that
    /// cannot be composed is an error of the command line (nothing is written).
    static func composeChains(_ written: [String], in workspace: Workspace,
                              diagnostics: any DiagnosticSink) throws(CommandFailure) -> [ChainTable] {
        var tables: [ChainTable] = []
        var problems: [Diagnostic] = []
        for spec in written {
            do throws(ChainError) {
                let chain = try MappingChain(spec, mappings: workspace.resolved)
                if let problem = Mapping.fileNameProblem(chain.id) {
                    problems.append(.error(SourceLocation(file: "--chain"), "chain '\(spec)' cannot name output files: \(problem)"))
                    continue
                }
                if workspace.resolved.contains(where: { $0.mapping.id == chain.id }) || tables.contains(where: { $0.resolved.mapping.id == chain.id }) {
                    problems.append(.error(SourceLocation(file: "--chain"), "chain '\(spec)': its output files (\(chain.id).*) would overwrite another table's; name each chain once"))
                    continue
                }
                tables.append(ChainTable(chain, direct: directMappings(for: chain, in: workspace)))
            } catch {
                problems.append(.error(SourceLocation(file: "--chain"), error.message))
            }
        }
        if !problems.isEmpty {
            diagnostics.report(problems)
            throw .badInput
        }
        diagnostics.phase("chains composed")
        return tables
    }

    /// Reviewed mappings from the chain's source catalog onto its final catalog (not part of it).
    static func directMappings(for chain: MappingChain, in workspace: Workspace) -> [ResolvedMapping] {
        workspace.resolved.filter { resolved in
            resolved.source.catalog.id == chain.source.catalog.id
                && resolved.targets.contains { $0.catalog.id == chain.target.catalog.id }
                && !chain.steps.contains { $0.mapping.id == resolved.mapping.id }
        }
    }

    /// Writes a chain's table in every format into `staging`.
    static func emit(_ chain: ChainTable, formats: [any OutputFormat<TableArtifact>], to staging: OutputWriter.Staging,
                     diagnostics: any DiagnosticSink) throws {
        let artifact = TableArtifact(table: chain.table, resolved: chain.resolved, coverage: chain.coverage)
        for format in formats {
            let name = "\(chain.resolved.mapping.id).\(format.name)"
            diagnostics.report(try staging.addFile(name: name) { file in try format.write(artifact, to: &file) })
            diagnostics.phase(name)
        }
    }
}
