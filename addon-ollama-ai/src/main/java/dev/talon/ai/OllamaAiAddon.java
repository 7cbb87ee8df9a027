package dev.talon.ai;

import dev.talon.ai.admin.AiAnalyticsRoutes;
import dev.talon.ai.admin.AiDashboardRoutes;
import dev.talon.ai.admin.AiSettingsRoutes;
import dev.talon.ai.admin.ChatSupportRoutes;
import dev.talon.ai.chat.ChatRoutes;
import dev.talon.ai.chat.ChatService;
import dev.talon.ai.chat.ChatStore;
import dev.talon.ai.chat.ChatWidget;
import dev.talon.ai.chat.Escalations;
import dev.talon.ai.chat.PanelPageContext;
import dev.talon.ai.chat.ServerAccess;
import dev.talon.ai.chat.ServerActivity;
import dev.talon.ai.config.AiSettings;
import dev.talon.ai.gateway.GatewayRoutes;
import dev.talon.ai.insights.InsightWidgets;
import dev.talon.ai.cli.ConfigureCommand;
import dev.talon.ai.cli.SetupModelsCommand;
import dev.talon.ai.cli.StatusCommand;
import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.models.InstalledModels;
import dev.talon.ai.models.ModelRoutes;
import dev.talon.ai.models.PullManager;
import dev.talon.ai.models.PullView;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.presets.PresetRoutes;
import dev.talon.ai.presets.Presets;
import dev.talon.ai.usage.UsageLog;
import dev.talon.ai.usage.UsageStats;
import dev.talon.ai.web.AiPages;
import dev.talon.ai.web.Assets;
import dev.talon.api.AddonContext;
import dev.talon.api.PanelAddon;
import dev.talon.api.PermissionDefinition;
import dev.talon.api.Registrar;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.jobs.Schedule;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.NavItem;
import dev.talon.api.web.Route;
import dev.talon.api.web.SettingsPage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * The ollama-ai add-on's composition root: everything AI in the panel is wired here, by hand, from
 * the context the host lends. Nothing in the host knows about AI.
 *
 * <p>Lifecycle: {@link #start} runs once per enable on the host's thread; {@link #stop} closes the
 * Ollama client (its health-probe thread) and nothing else holds resources.
 */
@Extension
public final class OllamaAiAddon implements PanelAddon {

    /** The package the add-on's jte templates are compiled into. */
    static final String TEMPLATES = "dev.talon.ai.jte";

    private AiRuntime runtime;
    private PullManager pulls;

    @Override
    public List<String> migrationLocations() {
        return List.of("classpath:db/ollama-ai");
    }

    @Override
    public void start(AddonContext context, Registrar registrar) {
        Clock clock = Clock.systemUTC();
        var settings = new AiSettings(context.addonDirectory().resolve("config").resolve("ai.yml"), context.settings(),
                context.environment());
        runtime = new AiRuntime(settings, context.metrics(), Duration.ofSeconds(15));
        var templates = context.templates(TEMPLATES);
        var pages = new AiPages(templates);
        var usageLog = new UsageLog(context.jdbi(), context.activity(), clock);
        var usageStats = new UsageStats(context.jdbi(), clock);
        var insights = new Insights(context.jdbi(), clock);
        var presets = new Presets(context.jdbi(), clock);
        var installed = new InstalledModels(runtime);
        pulls = new PullManager(runtime::client, pull -> recordPull(usageLog, pull), clock);

        registrar.permission(new PermissionDefinition("ai.chat", "Use the AI assistant", true));
        registrar.permission(new PermissionDefinition("ai.gateway", "Use the Ollama-compatible API gateway with an API key", true));
        registrar.permission(new PermissionDefinition("ai.insights", "See AI insights about servers", true));

        var on = runtime;
        registrar.nav(NavItem.of(Area.ADMIN, "AI Dashboard", "/admin/ai", "✦", 600).when(() -> on.config().enabled()));
        registrar.nav(NavItem.of(Area.ADMIN, "AI Analytics", "/admin/ai/analytics", "✦", 610).when(() -> on.config().enabled()));
        registrar.nav(NavItem.of(Area.ADMIN, "AI Settings", "/admin/ai/settings", "✦", 620));
        registrar.nav(NavItem.of(Area.ADMIN, "AI Chat Support", "/admin/ai/support", "✦", 630)
                .when(() -> on.config().on(on.config().features().chatSupport())));
        registrar.settingsPage(new SettingsPage("AI Settings", "/admin/ai/settings",
                "Ollama hosts, models per use, features, limits, presets"));

        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/ai/assets/{name}", Assets::serve));
        new AiDashboardRoutes(runtime, usageStats, insights, context.users(), pages).register(registrar);
        // Reports by e-mail: settings read at each send; AI Settings has "Send test e-mail".
        var mailer = new dev.talon.ai.reports.ReportMailer(() -> dev.talon.ai.reports.MailSettings.of(on.settings().resolved()),
                new dev.talon.ai.reports.ReportHtml(new SafeMarkdown()));
        var settingsRoutes = new AiSettingsRoutes(runtime, pages, context.activity(), installed, pulls, presets, mailer);
        settingsRoutes.register(registrar);
        new ModelRoutes(runtime, pulls, usageLog, pages).register(registrar);
        new PresetRoutes(presets, context.activity(), settingsRoutes::showWithPresetForm).register(registrar);
        var reports = new dev.talon.ai.reports.Reports(context.jdbi(), clock);
        new AiAnalyticsRoutes(runtime, insights, pages, new dev.talon.ai.analysis.AnalysisStore(context.jdbi(), clock), reports,
                new SafeMarkdown()).register(registrar);
        // The assistant (issue 6): conversations, the floating widget, the API and the gateway.
        var chatStore = new ChatStore(context.jdbi(), clock);
        var markdown = new SafeMarkdown();
        var escalations = new Escalations(context.jdbi(), chatStore, runtime, usageLog, clock);
        new ChatSupportRoutes(runtime, pages, escalations, chatStore, markdown, context.users()).register(registrar);
        var serverActivity = new ServerActivity();
        registrar.listener(serverActivity);
        // Server context only for servers the user may open the assistant on (owner, admin, or a
        // subuser granted ai.chat there).
        ServerAccess serverAccess = (user, uuidOrIdentifier) -> context.servers().find(uuidOrIdentifier)
                .filter(s -> context.access().can(user, "ai.chat", s.uuid()))
                .map(s -> new ServerAccess.Visible(s.uuid(), s.name()));
        var pageContext = new PanelPageContext(serverAccess, serverActivity);
        // The help centre (issue 8): bundled articles, BM25 always, embeddings when Ollama has them.
        var help = new dev.talon.ai.help.HelpCentre(runtime::client, () -> on.config().models().embedding(),
                new dev.talon.ai.help.Chunker(120, 30), System::nanoTime,
                task -> Thread.ofVirtual().name("help-embeddings").start(task));
        var helpLibrary = new dev.talon.ai.help.HelpLibrary(dev.talon.ai.help.BundledArticles.load(),
                new dev.talon.ai.help.UploadedDocuments(context.jdbi(), clock), help);
        helpLibrary.reindex();
        new dev.talon.ai.help.HelpDocumentRoutes(helpLibrary, pages, context.activity()).register(registrar);
        registrar.nav(NavItem.of(Area.ADMIN, "AI Help Documents", "/admin/ai/help-documents", "✦", 640)
                .when(() -> on.config().enabled()));
        // Assistant actions (issue 9): tools read live data as the user; actions that change a server
        // run only on the user's confirmation, through the host's own permission checks.
        var actionStore = new dev.talon.ai.actions.ActionStore(context.jdbi(), clock);
        var tools = new dev.talon.ai.actions.AssistantTools(context.serverActions(), actionStore, query -> helpPassages(help, query));
        var helpForChat = new dev.talon.ai.help.HelpForChat(help);
        var toolLoop = new dev.talon.ai.chat.ToolLoop(runtime, chatStore, usageLog, helpForChat, tools,
                new dev.talon.ai.chat.ToolSupport(runtime::client, clock));
        var chat = new ChatService(runtime, chatStore, presets, pageContext, clock, helpForChat, actionStore, toolLoop);
        var decisions = new dev.talon.ai.chat.ActionDecisions(
                new dev.talon.ai.actions.ActionExecutor(context.serverActions(), actionStore, context.activity()), actionStore, chatStore);
        int interrupted = decisions.recoverInterrupted();
        if (interrupted > 0) {
            org.slf4j.LoggerFactory.getLogger(OllamaAiAddon.class).warn(
                    "{} assistant action(s) were running when the panel stopped; marked interrupted", interrupted);
        }
        new ChatRoutes(runtime, chat, chatStore, presets, markdown, escalations, decisions).register(registrar);
        registrar.pageFragment(new ChatWidget(runtime, context.access()));
        new dev.talon.ai.help.HelpRoutes(runtime, help, markdown, pages, usageLog).register(registrar);
        registrar.nav(NavItem.of(Area.CLIENT, "Help", "/ai/help", "?", 900).when(() -> on.config().enabled()));
        // Console suggestions (issue 8): instant, from known commands and the server's own stdin history.
        var consoleSuggestions = new dev.talon.ai.console.ConsoleSuggestions();
        registrar.listener(consoleSuggestions);
        new dev.talon.ai.console.ConsoleRoutes(consoleSuggestions, context.servers(), context.access(),
                () -> on.config().enabled()).register(registrar);
        new dev.talon.ai.console.ExplainRoute(runtime, context.servers(), context.access(),
                () -> on.config().enabled()).register(registrar);
        var recentConsole = new dev.talon.ai.console.RecentConsole();
        registrar.listener(recentConsole);
        new dev.talon.ai.console.CompleteRoute(runtime, consoleSuggestions, recentConsole, context.servers(), context.access(),
                () -> on.config().enabled()).register(registrar);
        registrar.pageFragment(new dev.talon.ai.console.ConsoleScript(() -> on.config().enabled()));
        // File inspector (issue 8): "Analyze" on the file manager's editor page; secrets masked before the model sees the file.
        new dev.talon.ai.files.AnalyzeRoute(runtime, context.servers(), context.access(), markdown,
                () -> on.config().enabled()).register(registrar);
        registrar.pageFragment(new dev.talon.ai.files.FilesScript(context.servers(), context.access(), () -> on.config().enabled()));
        new GatewayRoutes(runtime, usageLog, context.metrics(), clock).register(registrar);

        registrar.command(new StatusCommand(runtime));
        registrar.command(new SetupModelsCommand(runtime, pulls));
        registrar.command(new ConfigureCommand(runtime.settings()));

        InsightWidgets.all(insights, templates, runtime::config, viewer -> context.servers().list().stream()
                        .filter(server -> context.access().can(viewer, "ai.insights", server.uuid()))
                        .map(dev.talon.api.servers.ServerDirectory.ServerInfo::uuid)
                        .toList())
                .forEach(registrar::widget);

        registerAnalysis(context, registrar, insights, reports, mailer, usageLog, clock);

        registrar.job(new JobDefinition("ai-retention", "Deletes AI usage records, insights and conversations older than retention.days",
                Schedule.cron("0 15 4 * * ?"), new RetentionJob(usageLog, insights, chatStore, () -> on.config().retentionDays(), clock)));
    }

    /** Scheduled analysis (issue 7): log templates, performance anomalies; their CLI commands. */
    private void registerAnalysis(AddonContext context, Registrar registrar, Insights insights, dev.talon.ai.reports.Reports reports,
                                  dev.talon.ai.reports.ReportMailer mailer,
                                  UsageLog usageLog, Clock clock) {
        var on = runtime;
        var store = new dev.talon.ai.analysis.AnalysisStore(context.jdbi(), clock);
        var explainer = new dev.talon.ai.analysis.Explainer(runtime::client, usageLog, 12_000);
        var completer = new dev.talon.ai.analysis.PendingCompleter(insights, explainer);
        var crashes = new dev.talon.ai.analysis.performance.CrashTracker(clock);
        registrar.listener(crashes);
        var interval = Schedule.every(on.config().analysisInterval()); // read at start: a change applies after a restart
        registrar.job(new JobDefinition(dev.talon.ai.analysis.logs.AnalyzeServerLogs.KEY,
                "AnalyzeServerLogs: mines new server log lines into templates; errors, stack traces and bursts become insights",
                interval, new dev.talon.ai.analysis.logs.AnalyzeServerLogs(context.servers(), insights, store, completer, on::config,
                        clock, 8L << 20)));
        registrar.job(new JobDefinition(dev.talon.ai.analysis.performance.AnalyzeServerPerformance.KEY,
                "AnalyzeServerPerformance: robust baselines, anomalies, memory-leak and disk-full ETAs, crash loops",
                interval, new dev.talon.ai.analysis.performance.AnalyzeServerPerformance(context.servers(), insights, store, completer,
                        crashes, on::config, clock)));
        registrar.job(new JobDefinition(dev.talon.ai.analysis.security.MonitorSecurityThreats.KEY,
                "MonitorSecurityThreats: failed sign-in bursts, admin sign-ins and API keys from new addresses, operator and permission commands, executables written",
                interval, new dev.talon.ai.analysis.security.MonitorSecurityThreats(context.activity(), context.users(), context.servers(),
                        insights, store, completer, on::config, clock)));
        // Reports: nightly, after midnight UTC; "run now" writes any missing ones.
        var webhook = new dev.talon.ai.reports.ReportWebhook(() -> on.settings().resolved().value("reports.webhook_url"));
        registrar.job(new JobDefinition(dev.talon.ai.reports.GenerateAiInsights.KEY,
                "GenerateAiInsights: daily and weekly reports, per server and for the panel, from stored findings and runs",
                Schedule.cron("0 10 0 * * ?"), new dev.talon.ai.reports.GenerateAiInsights(reports, context.servers(), explainer, webhook,
                        mailer, on::config, clock)));
        var adHoc = new dev.talon.ai.analysis.logs.AdHocAnalysis(explainer, () -> on.config().models().analysis());
        new dev.talon.ai.insights.InsightsApi(insights, context.servers(), context.access(), adHoc, on::config).register(registrar);
        registrar.command(new dev.talon.ai.cli.TemplatesCommand());
        registrar.command(new dev.talon.ai.cli.AnalyzeLogCommand(adHoc));
        registrar.command(new dev.talon.ai.cli.AnomaliesCommand());
    }

    /** The help centre's best passages for the assistant's search_help tool, with their links. */
    private static String helpPassages(dev.talon.ai.help.HelpCentre help, String query) {
        StringBuilder out = new StringBuilder();
        help.search(query, 3).passages().stream().limit(3).forEach(c -> out.append("## ").append(c.document().title())
                .append(c.heading() == null || c.heading().isBlank() ? "" : " — " + c.heading()).append(" (").append(c.href())
                .append(")\n").append(c.text()).append("\n\n"));
        return out.toString();
    }

    /** Every pull, from the page or the command line, goes to the usage log and the activity log. */
    private static void recordPull(UsageLog usageLog, PullView pull) {
        long ms = pull.endedAt().toEpochMilli() - pull.startedAt().toEpochMilli();
        String outcome = switch (pull.state()) {
            case SUCCEEDED -> "ok";
            case CANCELLED -> "stopped";
            default -> "error";
        };
        usageLog.record(new UsageLog.Call(pull.userId(), Feature.ADMIN, "pull", pull.model(), 0),
                new UsageLog.Result(null, null, null, ms, outcome, pull.errorType()));
    }

    @Override
    public void stop() {
        if (pulls != null) {
            pulls.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
