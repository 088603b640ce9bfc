/// A small RFC 4180 reader: fields separated by commas, records by CRLF or LF; a field in double quotes
/// may hold commas, line breaks and `""` for a quote. A leading byte order mark is skipped. Each record
/// keeps the line and column where each field starts, so messages can point at a value.
struct CSVReader {
    struct Field: Equatable {
        var text: String
        var line: Int
        var column: Int
    }

    struct Record: Equatable {
        var fields: [Field]
        /// The line the record starts on.
        var line: Int
    }

    /// A quote left open, or text after a closing quote: where it is.
    struct Problem: Error, Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// Every non-blank record, or the first place the text is not CSV.
    static func records(_ text: String) throws(Problem) -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var fields: [Field] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var recordLine = 1
        var index = 0
        var quoted = false
        var afterQuote = false
        var quoteLine = 1
        var quoteColumn = 1

        func endField() {
            fields.append(Field(text: String(field), line: fieldLine, column: fieldColumn))
            field = String.UnicodeScalarView()
            afterQuote = false
        }
        func endRecord() {
            endField()
            // A blank line is no record (one empty field).
            if !(fields.count == 1 && fields[0].text.isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []
        }
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                        column += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                    column += 1
                    continue
                }
                field.append(c)
                if c == "\n" {
                    line += 1
                    column = 1
                } else if c == "\r" {
                    // CRLF inside quotes is one line break, kept as LF.
                    if index < scalars.count && scalars[index] == "\n" { index += 1 }
                    field.removeLast()
                    field.append("\n")
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                continue
            }
            switch c {
            case ",":
                endField()
                column += 1
                fieldLine = line
                fieldColumn = column
            case "\n", "\r":
                if c == "\r" && index < scalars.count && scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                column = 1
                fieldLine = line
                fieldColumn = 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                quoteLine = line
                quoteColumn = column
                column += 1
            default:
                if afterQuote {
                    throw Problem(
                        line: line, column: column,
                        message: "text after a closing quote (write \"\" for a quote inside a quoted field)")
                }
                field.append(c)
                column += 1
            }
        }
        if quoted {
            throw Problem(line: quoteLine, column: quoteColumn, message: "this quote is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }
}
