import { useEffect, useState } from 'preact/hooks';
import { socket } from '../../live/socket.ts';

type Viewer = { userId: string; name: string };

/** Tells the server this case is open (socket `case:open`) and returns who else has it open. */
export function usePresence(caseId: string, userId: string): Viewer[] {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  useEffect(() => {
    const open = () => socket.emit('case:open', { caseId });
    const onPresence = (event: { caseId: string; viewers: Viewer[] }) => {
      if (event.caseId === caseId) setViewers(event.viewers);
    };
    socket.on('presence', onPresence);
    // Presence lives in rooms, which a reconnect empties: say it again after each `ready`.
    socket.on('ready', open);
    if (socket.connected) open();
    return () => {
      socket.off('presence', onPresence);
      socket.off('ready', open);
      socket.emit('case:close', { caseId });
    };
  }, [caseId]);
  return viewers.filter((v) => v.userId !== userId);
}
