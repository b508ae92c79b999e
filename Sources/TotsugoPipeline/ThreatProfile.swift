import Foundation
import TotsugoCore
import TotsugoEmit
import TotsugoMatch

extension Pipeline {
    /// The threat profile mapping (`Profiles/*.yaml`, resolved against the catalogs): the one
    /// whose targets include the regulation's base catalog.
    static func loadProfile(_ request: RegulationRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> ResolvedMapping {
        let workspace = try Workspace.load([request.catalogs, request.profiles], limits: request.limits, diagnostics: diagnostics)
        let bases = Set(request.variants.map(\.baseCatalog))
        let profiles = workspace.resolved.filter { resolved in
            resolved.mapping.location.map { ($0.file as NSString).standardizingPath.hasPrefix((request.profiles as NSString).standardizingPath) } ?? false
                && resolved.targets.contains { bases.contains($0.catalog.id) }
        }
        guard let profile = profiles.first else {
            diagnostics.report([.error(SourceLocation(file: request.profiles),
                "no threat profile mapping onto \(bases.sorted().joined(separator: ", ")) in \(request.profiles) (docs/threat-profiles.md)")])
            throw .missingInput
        }
        return profile
    }

    /// `document` cut down to what the threat's measures reach (`ThreatProfile.apply`).
    static func profiled(_ document: RegulationDocument, threat: String, profile: ResolvedMapping, industry: ResolvedMapping,
                         options: RegulationOptions, diagnostics: any DiagnosticSink) throws(CommandFailure) -> RegulationDocument {
        do throws(ThreatProfile.Failure) {
            return try ThreatProfile(threat: threat, profile: profile, base: options.baseCatalog, industry: industry)
                .apply(to: document, industry: industry)
        } catch {
            diagnostics.report([.error(SourceLocation(file: "--profile"), error.message)])
            throw .badInput
        }
    }
}
