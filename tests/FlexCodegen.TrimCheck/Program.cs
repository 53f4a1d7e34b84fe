using System;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;

// Exercises parsing, validation, encoding and decoding, so the trimmer analyses those paths.
var sid = InteractionSid.Parse("KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
var request = UpdateInteractionChannelRequest.CreateBuilder()
    .WithStatus(InteractionChannelUpdateChannelStatus.Inactive)
    .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed })
    .Build();
var channel = InteractionChannel.Parse("""{"sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","status":"active"}""");
using var client = new FlexClient(new TwilioClientOptions { AccountSid = "AC" + new string('a', 32), AuthToken = "x", BaseAddress = new Uri("http://127.0.0.1:9") });
Console.WriteLine($"{sid} {request.ToContent()!.ReadAsStringAsync().Result} {channel.Status} {client.Interactions[sid].Channels.Path}");

// One request through the whole pipeline (retries off; nothing listens on port 9), so the trimmed app runs the send path too.
string sent;
using (var offline = new FlexClient(new TwilioClientOptions { AccountSid = "AC" + new string('a', 32), AuthToken = "x", BaseAddress = new Uri("http://127.0.0.1:9"), Retry = new RetryOptions { MaxRetries = 0 } }))
{
    try { await offline.Interactions[sid].Channels[InteractionChannelSid.Parse("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1")].FetchAsync(); sent = "answered"; }
    catch (TwilioTransportException) { sent = "transport-error"; }
}
Console.WriteLine(sent);
