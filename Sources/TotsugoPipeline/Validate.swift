import TotsugoIngest

extension Pipeline {
    /// `validate`: loads and resolves `paths` (mappings without their catalogs against
    /// `fallbackCatalogs`); writes nothing.
    public static func validate(_ paths: [String], fallbackCatalogs: String, limits: InputLimits = .default,
                                diagnostics: any DiagnosticSink) throws(CommandFailure) -> Workspace {
        try Workspace.load(paths, fallbackCatalogs: fallbackCatalogs, limits: limits, diagnostics: diagnostics)
    }
}
