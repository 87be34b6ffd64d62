using System.Globalization;
using System.Net;
using Hangfire.Dashboard;
using RbIdp.Worker.Jobs;

namespace RbIdp.Worker.Dashboard;

/// <summary>Draws the run's stage and percent (job parameters set by <see cref="RunProgress"/>) as a bar on the job page.</summary>
public static class ProgressBarRenderer
{
    public static NonEscapedString Render(JobDetailsRendererDto details)
    {
        var parameters = details.JobDetails.Properties;
        if (parameters is null || !parameters.TryGetValue(RunProgress.PercentParameter, out var rawPercent))
        {
            return new NonEscapedString("");
        }

        var percent = int.TryParse(rawPercent.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 0, 100) : 0;
        var stage = parameters.TryGetValue(RunProgress.StageParameter, out var rawStage) ? WebUtility.HtmlEncode(rawStage.Trim('"')) : "";
        var html = $"""
            <h3>Progress</h3>
            <div class="rbidp-progress" data-percent="{percent}">
              <div class="progress" style="height:22px;margin-bottom:6px">
                <div class="progress-bar progress-bar-success" role="progressbar" aria-valuenow="{percent}" aria-valuemin="0" aria-valuemax="100" style="width:{percent}%">{percent}%</div>
              </div>
              <div>Stage: <strong>{stage}</strong></div>
            </div>
            """;
        return new NonEscapedString(html);
    }
}
