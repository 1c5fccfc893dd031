namespace ServerlessKomunitas.Seeding;

/// <summary>The seed files' CSV: a header row, comma-separated, no quoting (the data has no commas).</summary>
public static class Csv
{
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(string path, params string[] expectedColumns)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty.");
        var missing = expectedColumns.Except(header).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{path} lacks the column(s) {string.Join(", ", missing)}.");
        }
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}:{lineNumber} has {cells.Length} cells; the header has {header.Length}.");
            }
            yield return header.Zip(cells).ToDictionary(p => p.First, p => p.Second.Trim());
        }
    }
}
