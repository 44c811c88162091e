export function electronBinary(): { dir: string | undefined; bin: string | undefined };
