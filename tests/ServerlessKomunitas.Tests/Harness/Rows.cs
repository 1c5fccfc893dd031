using Azure.Data.Tables;

namespace ServerlessKomunitas.Tests.Harness;

public static class Rows
{
    public static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }
        return count;
    }

    /// <summary>The rows matching an OData filter, read to the end.</summary>
    public static async Task<List<TableEntity>> WhereAsync(TableClient table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }
        return rows;
    }
}
