using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.Hardening;

/// <summary>
/// A fault between every pair of steps of the registration, member sign-up, proposal and mentorship workflows: for each write it makes after the submission
/// (the ledger's reserve and mark of each email, each transition of the record, each audit entry), a run where that
/// write fails with a storage 503, and a run where the process dies right after it. The contact and the coordinator
/// act as people do, and try again after a 503. Each run must end Approved with every email sent once, or twice only
/// when the failed write was the mark after SendGrid's 202 (the documented gap).
/// </summary>
public abstract class CrashInjectionTests(ITestOutputHelper output)
{
    protected async Task RunAsync(int n, CrashPoint point)
    {
        var prefix = LocalHost.UniquePrefix();
        var fault = new NthWriteFault(prefix, n, point);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix, services: s => s.AddSingleton(fault.Options()));
        var story = new Story(host);
        await story.SubmitAsync();
        fault.Armed = true;

        var confirm = await story.ConfirmationLinkAsync();
        await AsAPersonAsync(() => host.Client.PostAsync(confirm, null));
        var decide = await story.ApprovalLinkAsync();
        await AsAPersonAsync(() => story.DecideAsync(decide, "approve", json: true), alreadyDone: HttpStatusCode.Conflict);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync(seconds: 90));
        await Mail.WaitForAsync(host.Client, story.Email, "Selamat!");
        await HostState.SettledAsync(host);
        output.WriteLine($"write {n} of a run with {fault.Writes}: {fault.Injected}");
        Assert.NotNull(fault.Injected);
        await AssertOnceAsync(host, point, fault.Injected!,
            (story.Email, "Konfirmasi email pendaftaran"), (Story.JawaTimurCoordinator, "menunggu keputusan Anda: " + story.Name), (story.Email, "Selamat!"));
    }

    /// <summary>The member sign-up workflow with the N-th write after the sign-up failing: confirmed, and each email once (twice only in the gap).</summary>
    protected async Task RunSignUpAsync(int n, CrashPoint point)
    {
        var prefix = LocalHost.UniquePrefix();
        var fault = new NthWriteFault(prefix, n, point);
        await using var host = await LocalHost.StartAsync(Members.MemberStory.Timings(), tablePrefix: prefix, services: s => s.AddSingleton(fault.Options()));
        var member = new Members.MemberStory(host, await Members.MemberStory.CommunityAsync(host));
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync()).StatusCode);
        fault.Armed = true;

        var confirm = await member.ConfirmLinkAsync();
        await AsAPersonAsync(() => member.ConfirmAsync(confirm));

        Assert.Equal(ServerlessKomunitas.Members.MembershipStatus.Confirmed, await member.CompletionAsync(seconds: 90));
        await Mail.WaitForAsync(host.Client, member.Email, "Selamat bergabung");
        await HostState.SettledAsync(host);
        output.WriteLine($"write {n} of a run with {fault.Writes}: {fault.Injected}");
        Assert.NotNull(fault.Injected);
        await AssertOnceAsync(host, point, fault.Injected!, (member.Email, "Konfirmasi keanggotaan"), (member.Email, "Selamat bergabung"));
    }

    /// <summary>The proposal workflow, from the contact's confirmation to the event's, with the N-th write after the proposal failing.</summary>
    protected async Task RunProposalAsync(int n, CrashPoint point)
    {
        var prefix = LocalHost.UniquePrefix();
        var fault = new NthWriteFault(prefix, n, point);
        await using var host = await LocalHost.StartAsync(Proposals.ProposalStory.Timings(), tablePrefix: prefix, services: s => s.AddSingleton(fault.Options()));
        var story = await Proposals.ProposalStory.ForNewCommunityAsync(host);
        Assert.Equal(HttpStatusCode.Accepted, (await story.SubmitAsync()).StatusCode);
        fault.Armed = true;

        var confirm = await story.ConfirmLinkAsync();
        await AsAPersonAsync(() => host.Client.PostAsync(confirm, null));
        var decide = await story.ApproverLinkAsync(Proposals.ProposalStory.TabalongCoordinator);
        await AsAPersonAsync(() => story.DecideAsync(decide, "approve", "Silakan lanjut"), alreadyDone: HttpStatusCode.Conflict);
        var confirmEvent = await story.LinkAsync(story.ContactEmail, $"Usulan disetujui: {story.Title}", "/api/proposals/confirm-event/");
        await AsAPersonAsync(() => story.ActAsync(confirmEvent));

        // The workflow stays with a confirmed event until it has been held; the record and the calendar say where it is.
        await story.WaitForStatusAsync("Confirmed", seconds: 60);
        await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Kegiatan terkonfirmasi: {story.Title}");
        await HostState.SettledAsync(host);
        output.WriteLine($"write {n} of a run with {fault.Writes}: {fault.Injected}");
        Assert.NotNull(fault.Injected);
        Assert.Single(await story.CalendarAsync());
        await AssertOnceAsync(host, point, fault.Injected!, (story.ContactEmail, $"Konfirmasi usulan kegiatan: {story.Title}"),
            (Proposals.ProposalStory.TabalongCoordinator, $"Usulan kegiatan menunggu keputusan Anda: {story.Title}"),
            (story.ContactEmail, $"Usulan disetujui: {story.Title}"), (story.ContactEmail, $"Kegiatan terkonfirmasi: {story.Title}"));
    }

    /// <summary>The mentorship workflow from the mentee's request to the programme's start, with the N-th write after both joined failing.</summary>
    protected async Task RunMentorshipAsync(int n, CrashPoint point)
    {
        var prefix = LocalHost.UniquePrefix();
        var fault = new NthWriteFault(prefix, n, point);
        var host = await LocalHost.StartAsync(Mentoring.MentoringStory.Timings(interval: 60), tablePrefix: prefix, services: s => s.AddSingleton(fault.Options()));
        await using var _ = host;
        var story = await Mentoring.MentoringStory.StartAsync([], host);
        var mentor = await story.JoinAsync("Mentor Tahan Banting", offers: true);
        var mentee = await story.JoinAsync("Mentee Tahan Banting", wantsMentor: true);
        var offer = await story.OfferLinkAsync(mentor, mentee);
        fault.Armed = true;

        await AsAPersonAsync(() => story.PostAsync(offer, new { decision = "accept" }));

        await story.WaitForStatusAsync(mentee, ServerlessKomunitas.Mentoring.MentorshipStatus.Active, seconds: 60);
        await Mail.WaitForAsync(host.Client, mentee.Email, "Mentoring dimulai");
        await Mail.WaitForAsync(host.Client, mentor.Email, "Mentoring dimulai");
        // An activity that failed waits out its retry on a durable timer, which the settled state cannot see; so the
        // test waits for the last email too before it counts them.
        await Mail.WaitForAsync(host.Client, story.Community.Email, "Mentoring dimulai");
        await HostState.SettledAsync(host);
        output.WriteLine($"write {n} of a run with {fault.Writes}: {fault.Injected}");
        Assert.NotNull(fault.Injected);
        Assert.Equal(1, await story.LoadOfAsync(mentor));
        await AssertOnceAsync(host, point, fault.Injected!, (mentor.Email, $"Maukah Anda membimbing {mentee.Name}?"),
            (mentee.Email, "Mentoring dimulai"), (mentor.Email, "Mentoring dimulai"), (story.Community.Email, "Mentoring dimulai"));
    }

    /// <summary>SendGrid failing the first <paramref name="failures"/> sends with <paramref name="status"/>: the activities retry, and every email goes once.</summary>
    protected async Task RunWithSendGridFaultsAsync(HttpStatusCode status, int failures)
    {
        var provider = new FailingHandler(status, failures);
        await using var host = await LocalHost.StartAsync(Story.Timings(),
            services: s => s.AddHttpClient(nameof(SendGrid.SendGridClient)).AddHttpMessageHandler(() => provider));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(await story.ApprovalLinkAsync(), "approve", json: true)).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync(seconds: 90));
        await Mail.WaitForAsync(host.Client, story.Email, "Selamat!");
        Assert.Equal(failures, provider.Failed);
        Assert.Single(await story.MailAboutAsync(story.Email, "Konfirmasi email pendaftaran"));
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, story.Name));
        Assert.Single(await story.MailAboutAsync(story.Email, "Selamat!"));
    }

    /// <summary>
    /// Each email once; only when the failed write was a ledger mark (the write after SendGrid's 202, the documented
    /// gap) may one of them, and only one, have gone twice.
    /// </summary>
    static async Task AssertOnceAsync(LocalHost host, CrashPoint point, string injected, params (string To, string Subject)[] emails)
    {
        var mark = point == CrashPoint.BeforeWrite && injected.Contains("EmailLedger(", StringComparison.Ordinal) && !injected.StartsWith("BeforeWrite POST", StringComparison.Ordinal);
        var counts = new List<int>();
        foreach (var (to, subject) in emails)
        {
            counts.Add((await Mail.ToAsync(host.Client, to)).Count(m => m.Subject.Contains(subject, StringComparison.Ordinal)));
        }
        var report = string.Join(", ", emails.Zip(counts, (e, c) => $"{e.Subject}: {c}"));
        Assert.True(counts.All(c => c == 1) || (mark && counts.Count(c => c == 2) == 1 && counts.All(c => c is 1 or 2)), $"{report} after {injected}");
    }

    /// <summary>
    /// Posts, and on a 503 waits as its Retry-After asks and posts again, as a person does. <paramref name="alreadyDone"/>
    /// is the answer a repeat gets when the first try had in fact been stored (a decision: "already decided").
    /// </summary>
    static async Task AsAPersonAsync(Func<Task<HttpResponseMessage>> post, HttpStatusCode? alreadyDone = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await post();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                Assert.True(response.IsSuccessStatusCode || (attempt > 0 && response.StatusCode == alreadyDone),
                    $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return;
            }
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            await Task.Delay(1000);
        }
    }
}

// A run makes 14 to 16 writes after the submission (the ledger's reserve and mark of three emails, three transitions,
// audit entries, the review rows). Four classes, so that xUnit runs them side by side, cover the first 14, both ways.
public class CrashInjectionFirstWrites(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(1, CrashPoint.BeforeWrite)] [InlineData(1, CrashPoint.AfterWrite)]
    [InlineData(2, CrashPoint.BeforeWrite)] [InlineData(2, CrashPoint.AfterWrite)]
    [InlineData(3, CrashPoint.BeforeWrite)] [InlineData(3, CrashPoint.AfterWrite)]
    [InlineData(4, CrashPoint.BeforeWrite)] [InlineData(4, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunAsync(n, point);
}

public class CrashInjectionMiddleWrites(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(5, CrashPoint.BeforeWrite)] [InlineData(5, CrashPoint.AfterWrite)]
    [InlineData(6, CrashPoint.BeforeWrite)] [InlineData(6, CrashPoint.AfterWrite)]
    [InlineData(7, CrashPoint.BeforeWrite)] [InlineData(7, CrashPoint.AfterWrite)]
    [InlineData(8, CrashPoint.BeforeWrite)] [InlineData(8, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunAsync(n, point);
}

public class CrashInjectionLaterWrites(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(9, CrashPoint.BeforeWrite)] [InlineData(9, CrashPoint.AfterWrite)]
    [InlineData(10, CrashPoint.BeforeWrite)] [InlineData(10, CrashPoint.AfterWrite)]
    [InlineData(11, CrashPoint.BeforeWrite)] [InlineData(11, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunAsync(n, point);
}

public class CrashInjectionLastWrites(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(12, CrashPoint.BeforeWrite)] [InlineData(12, CrashPoint.AfterWrite)]
    [InlineData(13, CrashPoint.BeforeWrite)] [InlineData(13, CrashPoint.AfterWrite)]
    [InlineData(14, CrashPoint.BeforeWrite)] [InlineData(14, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunAsync(n, point);
}

public class CrashInjectionMemberSignUp(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(1, CrashPoint.BeforeWrite)] [InlineData(1, CrashPoint.AfterWrite)]
    [InlineData(2, CrashPoint.BeforeWrite)] [InlineData(2, CrashPoint.AfterWrite)]
    [InlineData(3, CrashPoint.BeforeWrite)] [InlineData(3, CrashPoint.AfterWrite)]
    [InlineData(4, CrashPoint.BeforeWrite)] [InlineData(4, CrashPoint.AfterWrite)]
    [InlineData(5, CrashPoint.BeforeWrite)] [InlineData(5, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunSignUpAsync(n, point);
}

public class CrashInjectionSendGrid(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, 1)]
    [InlineData(HttpStatusCode.InternalServerError, 3)]
    [InlineData(HttpStatusCode.TooManyRequests, 1)]
    [InlineData(HttpStatusCode.TooManyRequests, 3)]
    public Task Run(HttpStatusCode status, int failures) => RunWithSendGridFaultsAsync(status, failures);
}

public class CrashInjectionProposalFirst(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(1, CrashPoint.BeforeWrite)] [InlineData(1, CrashPoint.AfterWrite)]
    [InlineData(2, CrashPoint.BeforeWrite)] [InlineData(2, CrashPoint.AfterWrite)]
    [InlineData(3, CrashPoint.BeforeWrite)] [InlineData(3, CrashPoint.AfterWrite)]
    [InlineData(4, CrashPoint.BeforeWrite)] [InlineData(4, CrashPoint.AfterWrite)]
    [InlineData(5, CrashPoint.BeforeWrite)] [InlineData(5, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunProposalAsync(n, point);
}

public class CrashInjectionProposalLater(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(6, CrashPoint.BeforeWrite)] [InlineData(6, CrashPoint.AfterWrite)]
    [InlineData(7, CrashPoint.BeforeWrite)] [InlineData(7, CrashPoint.AfterWrite)]
    [InlineData(8, CrashPoint.BeforeWrite)] [InlineData(8, CrashPoint.AfterWrite)]
    [InlineData(9, CrashPoint.BeforeWrite)] [InlineData(9, CrashPoint.AfterWrite)]
    [InlineData(10, CrashPoint.BeforeWrite)] [InlineData(10, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunProposalAsync(n, point);
}

public class CrashInjectionProposalLast(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(11, CrashPoint.BeforeWrite)] [InlineData(11, CrashPoint.AfterWrite)]
    [InlineData(12, CrashPoint.BeforeWrite)] [InlineData(12, CrashPoint.AfterWrite)]
    [InlineData(13, CrashPoint.BeforeWrite)] [InlineData(13, CrashPoint.AfterWrite)]
    [InlineData(14, CrashPoint.BeforeWrite)] [InlineData(14, CrashPoint.AfterWrite)]
    [InlineData(15, CrashPoint.BeforeWrite)] [InlineData(15, CrashPoint.AfterWrite)]
    [InlineData(16, CrashPoint.BeforeWrite)] [InlineData(16, CrashPoint.AfterWrite)]
    [InlineData(17, CrashPoint.BeforeWrite)] [InlineData(17, CrashPoint.AfterWrite)]
    [InlineData(18, CrashPoint.BeforeWrite)] [InlineData(18, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunProposalAsync(n, point);
}

public class CrashInjectionMentorship(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(1, CrashPoint.BeforeWrite)] [InlineData(1, CrashPoint.AfterWrite)]
    [InlineData(2, CrashPoint.BeforeWrite)] [InlineData(2, CrashPoint.AfterWrite)]
    [InlineData(3, CrashPoint.BeforeWrite)] [InlineData(3, CrashPoint.AfterWrite)]
    [InlineData(4, CrashPoint.BeforeWrite)] [InlineData(4, CrashPoint.AfterWrite)]
    [InlineData(5, CrashPoint.BeforeWrite)] [InlineData(5, CrashPoint.AfterWrite)]
    [InlineData(6, CrashPoint.BeforeWrite)] [InlineData(6, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunMentorshipAsync(n, point);
}

public class CrashInjectionMentorshipLater(ITestOutputHelper output) : CrashInjectionTests(output)
{
    [Theory]
    [InlineData(7, CrashPoint.BeforeWrite)] [InlineData(7, CrashPoint.AfterWrite)]
    [InlineData(8, CrashPoint.BeforeWrite)] [InlineData(8, CrashPoint.AfterWrite)]
    [InlineData(9, CrashPoint.BeforeWrite)] [InlineData(9, CrashPoint.AfterWrite)]
    [InlineData(10, CrashPoint.BeforeWrite)] [InlineData(10, CrashPoint.AfterWrite)]
    public Task Run(int n, CrashPoint point) => RunMentorshipAsync(n, point);
}
