using Azure.Data.Tables;

namespace ServerlessKomunitas.Tests.Infrastructure;

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
