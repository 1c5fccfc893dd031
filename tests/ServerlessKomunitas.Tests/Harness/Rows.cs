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
}
