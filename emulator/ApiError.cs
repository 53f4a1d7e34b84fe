using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>An error answered the way Twilio answers: <c>{code, message, more_info, status}</c>.</summary>
public sealed class ApiError : Exception
{
    public ApiError(int status, int code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }
    public int Code { get; }

    public static ApiError NotFound(string path) => new(404, 20404, $"The requested resource {path} was not found");

    public static ApiError Invalid(string message) => new(400, 20001, message);

    public IResult ToResult() => Results.Json(new JsonObject
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = "https://www.twilio.com/docs/errors/" + Code,
        ["status"] = Status,
    }, statusCode: Status);
}
