using ServerlessKomunitas.Proposals;
using F = ServerlessKomunitas.Calendar.CalendarRequestReader.Fields;

namespace ServerlessKomunitas.Calendar;

/// <summary>The public calendar: a paged list (JSON for clients, a page for people) and the iCalendar feed.</summary>
public sealed class CalendarEndpoints(EventCalendar calendar, CalendarRequestReader reader, RegionDirectory regions, IOptions<SiteOptions> site, TimeProvider time)
{
    /// <summary>The feed holds the soonest events up to this many; more would make calendar apps slow to refresh.</summary>
    public const int FeedLimit = 500;

    public sealed record EventView(string Id, string Title, string Kind, string KindName, string? Description, string CommunityName,
        IReadOnlyList<string> Subsectors, string ProvinceCode, string ProvinceName, string RegencyCode, string RegencyName, IndonesianTimeZone Zone,
        DateTimeOffset Start, DateTimeOffset End, string LocalStart, string LocalEnd, string? Venue, string? OnlineLink, int Capacity);

    public sealed record EventList(IReadOnlyList<EventView> Items, string? Next, string? NextUrl, string FeedUrl);

    public async Task<IResult> ListAsync(HttpRequest request)
    {
        var html = Negotiation.PrefersHtml(request);
        var (read, errors) = await reader.ReadAsync(request.Query, request.HttpContext.RequestAborted);
        var filter = read?.Filter ?? new CalendarFilter();
        CalendarPage page;
        try
        {
            page = read is null ? new CalendarPage([], null) : await calendar.PageAsync(filter, read.Limit, read.Cursor, request.HttpContext.RequestAborted);
        }
        catch (InvalidCursorException)
        {
            errors.Add(F.Cursor, "invalid", "Penanda halaman tidak valid; mulai lagi dari halaman pertama.");
            page = new CalendarPage([], null);
        }

        var limit = read?.Limit is { } l && l != CalendarRequestReader.DefaultLimit ? l.ToString() : null;
        var nextUrl = page.Next is null ? null : site.Value.Link(ApiRoutes.ListEvents.Path + filter.QueryString((F.Limit, limit), (F.Cursor, page.Next)));
        var feedUrl = site.Value.Link(ApiRoutes.EventFeed.Path + filter.QueryString());
        var provinces = await regions.ProvincesAsync(request.HttpContext.RequestAborted);
        if (html)
        {
            return CalendarPages.List(provinces, filter, errors, page.Items, nextUrl, feedUrl, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        var provinceNames = provinces.ToDictionary(p => p.Code, p => p.Name);
        var items = page.Items.Select(e => new EventView(e.ProposalId, e.Title, e.Kind, EventKinds.Names.GetValueOrDefault(e.Kind, e.Kind), e.Description,
            e.CommunityName, e.Subsectors, e.ProvinceCode, provinceNames.GetValueOrDefault(e.ProvinceCode, e.ProvinceCode), e.RegencyCode, e.RegencyName,
            e.TimeZone, e.StartUtc, e.EndUtc, e.TimeZone.Format(e.StartUtc), e.TimeZone.Format(e.EndUtc), e.Venue, e.OnlineLink, e.Capacity)).ToList();
        return Results.Json(new EventList(items, page.Next, nextUrl, feedUrl), ApiJson.Options);
    }

    public async Task<IResult> FeedAsync(HttpRequest request)
    {
        var (read, errors) = await reader.ReadAsync(request.Query, request.HttpContext.RequestAborted);
        if (read is null)
        {
            return Problems.Validation(errors);
        }
        if (read.Cursor is not null || request.Query.ContainsKey(F.Limit))
        {
            return Problems.Validation(new FieldErrors().Add(read.Cursor is not null ? F.Cursor : F.Limit, "not-paged",
                $"Kalender langganan tidak berhalaman; isinya {FeedLimit} kegiatan terdekat."));
        }
        var page = await calendar.PageAsync(read.Filter, FeedLimit, null, request.HttpContext.RequestAborted);
        var name = "Kegiatan komunitas kreatif";
        var ics = EventIcs.Feed(page.Items, name, time.GetUtcNow());
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(ics, EventIcs.ContentType);
    }
}
