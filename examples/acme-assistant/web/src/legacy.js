// Old completion path, still used by the export job.
const MODEL = process.env.EXPORT_MODEL ?? "text-davinci-003";
module.exports = { MODEL, img: "gpt-4o-diagram.png" };
