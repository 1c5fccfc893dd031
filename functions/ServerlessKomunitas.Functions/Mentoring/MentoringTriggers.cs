using ServerlessKomunitas.Mentoring;

namespace ServerlessKomunitas.Functions.Mentoring;

public sealed class MentoringTriggers(MentorshipEndpoints mentorships)
{
    [Function(nameof(ApiRoutes.ShowMentorOffer))]
    public Task<IActionResult> ShowMentorOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MentorOffer)] HttpRequest request, string token) =>
        mentorships.ShowOfferAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.AnswerMentorOffer))]
    public Task<IActionResult> AnswerMentorOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MentorOffer)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        mentorships.AnswerOfferAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowCheckIn))]
    public Task<IActionResult> ShowCheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MentorshipCheckIn)] HttpRequest request, string token) =>
        mentorships.ShowCheckInAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SubmitCheckIn))]
    public Task<IActionResult> SubmitCheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MentorshipCheckIn)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        mentorships.SubmitCheckInAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowMentorshipEnd))]
    public Task<IActionResult> ShowMentorshipEnd(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MentorshipEnd)] HttpRequest request, string token) =>
        mentorships.ShowEndAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.EndMentorship))]
    public Task<IActionResult> EndMentorship(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MentorshipEnd)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        mentorships.EndAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowMentorshipFeedback))]
    public Task<IActionResult> ShowMentorshipFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MentorshipFeedback)] HttpRequest request, string token) =>
        mentorships.ShowFeedbackAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.GiveMentorshipFeedback))]
    public Task<IActionResult> GiveMentorshipFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MentorshipFeedback)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        mentorships.GiveFeedbackAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.MentorshipStatus))]
    public Task<IActionResult> MentorshipStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Mentorship)] HttpRequest request, string id) =>
        mentorships.StatusAsync(request, id).ExecuteOn(request);
}
