/// Bounds on what reading one workbook may cost, so that a hostile or broken package (a zip
/// bomb, a million empty entries, a sheet of a billion cells) fails with a clear error
/// instead of exhausting memory. Each limit is checked while reading, not after.
public struct WorkbookLimits: Sendable, Equatable {
    /// The .xlsx file itself (it is read into memory whole).
    public var maxFileBytes: Int
    /// Entries in the zip package.
    public var maxEntries: Int
    /// One part (workbook.xml, sharedStrings.xml, a sheet) once inflated; counted as it
    /// inflates, whatever the zip's headers claim.
    public var maxPartBytes: Int
    /// Inflated bytes per compressed byte of one part, checked once a part passes 1 MiB.
    /// Sheet XML deflates about 10–30×; a zip bomb, a thousand times and more.
    public var maxCompressionRatio: Int
    /// Rows read from one sheet (rows in the sheet XML, and rows merged ranges add).
    public var maxRows: Int
    /// Cells read from one sheet (`<c>` elements, and cells merged ranges fill).
    public var maxCells: Int

    public init(maxFileBytes: Int = 256 << 20, maxEntries: Int = 10_000, maxPartBytes: Int = 1 << 30,
                maxCompressionRatio: Int = 250, maxRows: Int = 1_048_576, maxCells: Int = 20_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxPartBytes = maxPartBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxRows = maxRows
        self.maxCells = maxCells
    }
}
