using FlexCodegen.AspNetCore;
using FlexCodegen.ContactCenter;

// appsettings.json or the environment: Twilio:AccountSid, Twilio:AuthToken (and Twilio:BaseAddress for the emulator).
// Point the Flex workspace's EventCallbackUrl at https://<your host>/twilio/taskrouter/events.
await ContactCenterApp.Build(args).RunAsync();
