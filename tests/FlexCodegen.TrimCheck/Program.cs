using System;
using FlexCodegen.Runtime;
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
