using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Mentoring;

namespace ServerlessKomunitas.Local.Mentoring;

public static class MentoringRoutes
{
    public static IEndpointRouteBuilder MapMentoringRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ShowMentorOffer, (HttpRequest request, string token, MentorshipEndpoints m) => m.ShowOfferAsync(request, token));
        app.MapRoute(ApiRoutes.AnswerMentorOffer, (HttpRequest request, string token, MentorshipEndpoints m, DurableTaskClient client) => m.AnswerOfferAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowCheckIn, (HttpRequest request, string token, MentorshipEndpoints m) => m.ShowCheckInAsync(request, token));
        app.MapRoute(ApiRoutes.SubmitCheckIn, (HttpRequest request, string token, MentorshipEndpoints m, DurableTaskClient client) => m.SubmitCheckInAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowMentorshipEnd, (HttpRequest request, string token, MentorshipEndpoints m) => m.ShowEndAsync(request, token));
        app.MapRoute(ApiRoutes.EndMentorship, (HttpRequest request, string token, MentorshipEndpoints m, DurableTaskClient client) => m.EndAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowMentorshipFeedback, (HttpRequest request, string token, MentorshipEndpoints m) => m.ShowFeedbackAsync(request, token));
        app.MapRoute(ApiRoutes.GiveMentorshipFeedback, (HttpRequest request, string token, MentorshipEndpoints m, DurableTaskClient client) => m.GiveFeedbackAsync(request, token, client));
        app.MapRoute(ApiRoutes.MentorshipStatus, (HttpRequest request, string id, MentorshipEndpoints m) => m.StatusAsync(request, id));
        return app;
    }
}
