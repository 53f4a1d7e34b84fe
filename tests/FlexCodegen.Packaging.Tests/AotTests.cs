using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>
/// Native AOT, proven: a consumer published with PublishAot=true has no trim or AOT warning, and the native app fetches,
/// updates and pages through a loopback server this test hosts. (Twilio's own library cannot even be trimmed.)
/// </summary>
[Collection(nameof(PackageCollection))]
public class AotTests
{
    private const string Channel = "/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private readonly PackageFixture _package;

    public AotTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task A_native_aot_consumer_has_no_warnings_and_talks_to_a_server()
    {
        string output = Path.Combine(_package.Root, "aot");
        // The AOT compiler is incremental: on a rerun with unchanged inputs it is skipped and says nothing, warnings included.
        PackageFixture.ForgetIntermediate(_package.RepoRoot, "tests/FlexCodegen.AotCheck/obj/Release/net10.0/linux-x64/native");
        string log = PackageFixture.Run(_package.RepoRoot, "dotnet", $"publish tests/FlexCodegen.AotCheck/FlexCodegen.AotCheck.csproj -c Release -o \"{output}\"");

        Assert.Contains("Generating native code", log); // the AOT compiler really ran
        var warnings = log.Split('\n').Where(l => Regex.IsMatch(l, @"\bIL[23]\d{3}\b")).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));
        Assert.False(File.Exists(Path.Combine(output, "FlexCodegen.AotCheck.dll")), "expected a native executable, not IL");

        var requests = new ConcurrentQueue<string>();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync().WaitAsync(stop.Token); }
                catch (Exception) { return; }
                string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
                requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery} {body} {context.Request.Headers["Authorization"]}");
                string json = Answer(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, port);
                byte[] bytes = Encoding.UTF8.GetBytes(json);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });

        string run = PackageFixture.Run(output, Path.Combine(output, "FlexCodegen.AotCheck"), $"http://127.0.0.1:{port}");
        stop.Cancel();
        listener.Stop();

        Assert.Contains("fetch active update closed list 3", run);
        var seen = requests.ToArray();
        Assert.Equal(4, seen.Length);
        Assert.StartsWith($"GET {Channel} ", seen[0]);
        Assert.StartsWith($"POST {Channel} Status=closed ", seen[1]);
        Assert.StartsWith($"GET {Channel}/Participants?Page=1&PageToken=PT1 ", seen[3]);
        Assert.All(seen, r => Assert.EndsWith("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC" + new string('a', 32) + ":aot-token")), r));
    }

    private static string Answer(string method, string pathAndQuery, int port)
    {
        string ChannelJson(string status) => $$"""{"sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","interaction_sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","type":"sms","status":"{{status}}"}""";
        string Participant(int i) => $$"""{"sid":"UT{{new string('a', 31)}}{{i}}","channel_sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","type":"customer"}""";
        if (pathAndQuery.StartsWith(Channel + "/Participants", StringComparison.Ordinal))
            return pathAndQuery.Contains("Page=1")
                ? $$$"""{"participants":[{{{Participant(3)}}}],"meta":{"page":1,"next_page_url":null}}"""
                : $$$"""{"participants":[{{{Participant(1)}}},{{{Participant(2)}}}],"meta":{"page":0,"next_page_url":"http://127.0.0.1:{{{port}}}{{{Channel}}}/Participants?Page=1&PageToken=PT1"}}""";
        return ChannelJson(method == "POST" ? "closed" : "active");
    }
}
